/* The protocol buffer text-format reader: every field kind of a test
 * schema, the syntax variants, errors with file:line:column, unknown fields
 * skipped on request, depth limits, and a run over random and mutated
 * inputs that must end in a message or an error, never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pbtext-test.pb-c.h"
#include "pbtext.h"

static char last_error[1024];
static int nb_errors, nb_warnings;
static TrtLogger *logger;

static void capture(TrtSeverity severity, const char *message, void *user_data) {
  (void)user_data;
  if (severity <= TRT_SEVERITY_ERROR) {
    snprintf(last_error, sizeof last_error, "%s", message);
    nb_errors++;
  } else if (severity == TRT_SEVERITY_WARNING) {
    nb_warnings++;
  }
}

static void check_init(int argc, char **argv) {
  (void)argc;
  (void)argv;
  logger = trt_logger_new(capture, NULL, TRT_SEVERITY_WARNING);
}

static Pbt__All *parse_all_opts(const char *text, const TrtPbTextOptions *options) {
  ProtobufCMessage *msg = NULL;
  last_error[0] = '\0';
  nb_errors = nb_warnings = 0;
  TrtStatus s = trt_pbtext_parse(&pbt__all__descriptor, text, strlen(text), "t.txt", options, &msg,
                                 logger);
  if (s != TRT_STATUS_OK) CHECK(msg == NULL);
  return (Pbt__All *)msg;
}

static Pbt__All *parse_all(const char *text) { return parse_all_opts(text, NULL); }

static void free_all(Pbt__All *m) {
  if (m) protobuf_c_message_free_unpacked(&m->base, NULL);
}

/* The text fails with a message that starts with `where` and contains
 * `what`. */
static void check_error(const char *text, const char *where, const char *what) {
  Pbt__All *m = parse_all(text);
  CHECK(m == NULL);
  free_all(m);
  bool ok = strncmp(last_error, where, strlen(where)) == 0 && strstr(last_error, what);
  if (!ok) fprintf(stderr, "  for %s\n  got: %s\n  want: %s... %s\n", text, last_error, where, what);
  CHECK(ok);
}

static void test_scalars(void) {
  Pbt__All *m = parse_all(
      "i32: -2147483648 i64: -9223372036854775808 u32: 4294967295\n"
      "u64: 18446744073709551615 s32: -7 s64: 0x7fffffffffffffff f32: 0xFFFFFFFF\n"
      "f64: 017 sf32: -1 sf64: 2 fl: 1.5e3f db: -.25 b: true color: BLUE");
  CHECK(m != NULL);
  if (!m) return;
  CHECK(m->has_i32 && m->i32 == INT32_MIN);
  CHECK(m->has_i64 && m->i64 == INT64_MIN);
  CHECK(m->u32 == UINT32_MAX && m->u64 == UINT64_MAX);
  CHECK(m->s32 == -7 && m->s64 == INT64_MAX);
  CHECK(m->f32 == 0xffffffffu && m->f64 == 15);
  CHECK(m->sf32 == -1 && m->sf64 == 2);
  CHECK(m->has_fl && m->fl == 1500.0f);
  CHECK(m->db == -0.25);
  CHECK(m->has_b && m->b);
  CHECK(m->has_color && m->color == PBT__COLOR__BLUE);
  CHECK(!m->has_by && strcmp(m->str, "dflt") == 0); /* absent: the default */
  free_all(m);
}

static void test_floats_and_bools(void) {
  Pbt__All *m = parse_all("rf: [inf, -Infinity, nan, 1, 2f, 1e-3, -0, 3.] rb: [t, f, True, False, 1, 0]");
  CHECK(m != NULL);
  if (!m) return;
  CHECK_INT(m->n_rf, 8);
  if (m->n_rf == 8) {
    CHECK(isinf(m->rf[0]) && m->rf[0] > 0);
    CHECK(isinf(m->rf[1]) && m->rf[1] < 0);
    CHECK(isnan(m->rf[2]));
    CHECK(m->rf[3] == 1 && m->rf[4] == 2 && m->rf[5] == 1e-3f);
    CHECK(m->rf[6] == 0 && signbit(m->rf[6]));
    CHECK(m->rf[7] == 3);
  }
  CHECK_INT(m->n_rb, 6);
  if (m->n_rb == 6) CHECK(m->rb[0] && !m->rb[1] && m->rb[2] && !m->rb[3] && m->rb[4] && !m->rb[5]);
  free_all(m);
}

static void test_strings(void) {
  Pbt__All *m = parse_all(
      "str: 'it''s' \" \\\"x\\\"\\t\\x41\\101\\u00e9\\U0001F600\\n\"\n"
      "by: \"a\\0b\\377\" rs: 'one' rs: \"two\" rby: ''");
  CHECK(m != NULL);
  if (!m) return;
  CHECK(strcmp(m->str, "its \"x\"\tAA\xc3\xa9\xf0\x9f\x98\x80\n") == 0);
  CHECK(m->has_by && m->by.len == 4 && memcmp(m->by.data, "a\0b\xff", 4) == 0);
  CHECK(m->n_rs == 2 && strcmp(m->rs[0], "one") == 0 && strcmp(m->rs[1], "two") == 0);
  CHECK(m->n_rby == 1 && m->rby[0].len == 0);
  free_all(m);
}

static void test_messages_and_lists(void) {
  Pbt__All *m = parse_all(
      "# a comment\n"
      "inner { a: 1 tags: 'x' tags: ['y', 'z'] child < a: 2; child: { } > }\n"
      "ri: 1, ri: [2, 3,4] ri: [] packed_i: [-1, 5000000000]\n"
      "rin { a: 7 } rin: [{ a: 8 }, < a: 9 >] rin [{}]\n"
      "rc: [RED, 1, NEGATIVE, -3];  # trailing comment");
  CHECK(m != NULL);
  if (!m) return;
  CHECK(m->inner && m->inner->has_a && m->inner->a == 1);
  CHECK(m->inner && m->inner->n_tags == 3 && strcmp(m->inner->tags[2], "z") == 0);
  CHECK(m->inner && m->inner->child && m->inner->child->a == 2 && m->inner->child->child &&
        !m->inner->child->child->has_a);
  CHECK(m->n_ri == 4 && m->ri[0] == 1 && m->ri[3] == 4);
  CHECK(m->n_packed_i == 2 && m->packed_i[1] == 5000000000LL);
  CHECK(m->n_rin == 4 && m->rin[0]->a == 7 && m->rin[1]->a == 8 && m->rin[2]->a == 9 &&
        !m->rin[3]->has_a);
  CHECK(m->n_rc == 4 && m->rc[0] == PBT__COLOR__RED && m->rc[1] == PBT__COLOR__GREEN &&
        m->rc[2] == PBT__COLOR__NEGATIVE && m->rc[3] == PBT__COLOR__NEGATIVE);
  free_all(m);
  /* A byte order mark and an empty text. */
  m = parse_all("\xef\xbb\xbfi32: 3");
  CHECK(m && m->i32 == 3);
  free_all(m);
  m = parse_all("  # nothing\n");
  CHECK(m && !m->has_i32 && !m->inner);
  free_all(m);
}

static void test_oneof_and_required(void) {
  Pbt__All *m = parse_all("ob: 'text'");
  CHECK(m && m->choice_case == PBT__ALL__CHOICE_OB && strcmp(m->ob, "text") == 0);
  free_all(m);
  m = parse_all("oc { a: 3 }");
  CHECK(m && m->choice_case == PBT__ALL__CHOICE_OC && m->oc && m->oc->a == 3);
  free_all(m);
  check_error("oa: 1\nob: 'x'", "t.txt:2:1:", "oneof");
  ProtobufCMessage *r = NULL;
  const char *ok = "id: 1 next { id: 2 }", *missing = "id: 1 next { }";
  CHECK_INT(trt_pbtext_parse(&pbt__req__descriptor, ok, strlen(ok), "r", NULL, &r, logger),
            TRT_STATUS_OK);
  if (r) protobuf_c_message_free_unpacked(r, NULL);
  r = NULL;
  CHECK_INT(trt_pbtext_parse(&pbt__req__descriptor, missing, strlen(missing), "r", NULL, &r, logger),
            TRT_STATUS_PARSE_ERROR);
  CHECK(r == NULL && strstr(last_error, "r:1:14:") && strstr(last_error, "required field 'id'"));
}

static void test_errors(void) {
  check_error("i32: 1\n  bogus: 2", "t.txt:2:3:", "has no field 'bogus'");
  check_error("i32 1", "t.txt:1:5:", "expected ':'");
  check_error("i32: 2147483648", "t.txt:1:6:", "out of range");
  check_error("u32: -1", "t.txt:1:6:", "out of range");
  check_error("u64: 18446744073709551616", "t.txt:1:6:", "fits in 64 bits");
  check_error("i32: 1x", "t.txt:1:6:", "'1x'");
  check_error("i32: 1.5", "t.txt:1:6:", "64 bits");
  check_error("fl: 1e", "t.txt:1:5:", "expected a number");
  check_error("fl: 0x1p3", "t.txt:1:5:", "expected a number");
  check_error("str: \"abc", "t.txt:1:6:", "not closed");
  check_error("str: \"ab\ncd\"", "t.txt:1:6:", "end of the line");
  check_error("str: 'a\\qb'", "t.txt:1:8:", "unknown escape");
  check_error("str: 'a\\u12'", "t.txt:1:8:", "hex digits");
  check_error("str: 'a\\0b'", "t.txt:1:6:", "NUL");
  check_error("str: 'a' str: 'b'", "t.txt:1:10:", "more than once");
  check_error("inner {} inner {}", "t.txt:1:10:", "more than once");
  check_error("i32: [1, 2]", "t.txt:1:6:", "not repeated");
  check_error("ri: [1 2]", "t.txt:1:8:", "expected ']'");
  check_error("color: PURPLE", "t.txt:1:8:", "not a value of enum");
  check_error("color: 4", "t.txt:1:8:", "not a value of enum");
  check_error("b: yes", "t.txt:1:4:", "true or false");
  check_error("i32: 1 @", "t.txt:1:8:", "unexpected character '@'");
  check_error("i32: 1 \x01", "t.txt:1:8:", "unexpected byte 0x01");
  check_error("inner { a: 1", "t.txt:1:13:", "end of file");
  check_error("inner: 5", "t.txt:1:8:", "expected '{'");
  check_error("inner { a: 1 >", "t.txt:1:14:", "field name");
  check_error("[ext.field]: 1", "t.txt:1:1:", "not supported");
  check_error("{", "t.txt:1:1:", "field name");
  /* Text that is not NUL-terminated stops at its size. */
  ProtobufCMessage *msg = NULL;
  CHECK_INT(trt_pbtext_parse(&pbt__all__descriptor, "i32: 12345", 7, "n", NULL, &msg, logger),
            TRT_STATUS_OK);
  CHECK(msg && ((Pbt__All *)msg)->i32 == 12);
  if (msg) protobuf_c_message_free_unpacked(msg, NULL);
}

static void test_unknown_fields_skipped(void) {
  TrtPbTextOptions skip = {.skip_unknown_fields = true};
  Pbt__All *m = parse_all_opts(
      "i32: 4 extra: 'x' 'y' odd { deep { deeper: [1, {a: 2}] } } list: [1, -2, inf]\n"
      "[some.ext] { z: 1 } neg: -5 named: NAME inner { a: 6 what < > }",
      &skip);
  CHECK(m && m->i32 == 4 && m->inner && m->inner->a == 6);
  CHECK_INT(nb_warnings, 7);
  free_all(m);
  /* Skipped values are still read with the syntax checks. */
  m = parse_all_opts("extra: { a: 1", &skip);
  CHECK(m == NULL && strstr(last_error, "t.txt:1:14:"));
  m = parse_all_opts("extra 5", &skip);
  CHECK(m == NULL && strstr(last_error, "expected ':' or '{'"));
}

static void test_depth_limit(void) {
  char text[4096];
  for (int depth = 99; depth <= 101; depth++) {
    size_t n = 0;
    for (int i = 0; i < depth; i++) n += (size_t)sprintf(text + n, i ? "child { " : "inner { ");
    for (int i = 0; i < depth; i++) n += (size_t)sprintf(text + n, "}");
    Pbt__All *m = parse_all(text);
    CHECK((m != NULL) == (depth <= TRT_PBTEXT_DEFAULT_DEPTH));
    if (!m) CHECK(strstr(last_error, "nested deeper than 100"));
    free_all(m);
  }
  /* Unknown fields count towards the depth as well. */
  TrtPbTextOptions skip = {.skip_unknown_fields = true, .max_depth = 3};
  Pbt__All *m = parse_all_opts("x { y { z { w { } } } }", &skip);
  CHECK(m == NULL && strstr(last_error, "deeper than 3"));
}

static void test_many_values(void) {
  size_t count = 200000;
  char *text = malloc(count * 8 + 16);
  size_t n = (size_t)sprintf(text, "rf: [");
  for (size_t i = 0; i < count; i++) n += (size_t)sprintf(text + n, "%s%zu", i ? "," : "", i % 1000);
  strcpy(text + n, "]");
  Pbt__All *m = parse_all(text);
  CHECK(m && m->n_rf == count && m->rf[count - 1] == (float)((count - 1) % 1000));
  free_all(m);
  free(text);
}

/* Random bytes, random tokens and mutations of a valid text: each gives a
 * message or an error. (A longer run of the same kind: caffe-pbtext-fuzz.) */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint32_t next_random(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)rng;
}

static void test_random_inputs(void) {
  static const char *const pieces[] = {
      "i32", "inner", "rin", "str", "ri", "fl", "color", "oc", "{", "}", "<", ">", "[", "]", ":",
      ",", ";", "-", "1", "0x1f", "1e9", "'s'", "\"\\x4", "#c\n", " ", "\n", "nan", "BLUE", "[a.b]",
      "child", "rc", "by", "'\\u0041'", "99999999999999999999"};
  const char *valid = "i32: 1 inner { a: 2 tags: ['a', 'b'] child < a: 3 > } rf: [1.5, inf] "
                      "str: 'x\\n' color: BLUE rin [{ a: 1 }, {}] oc { a: 4 }";
  TrtPbTextOptions skip = {.skip_unknown_fields = true};
  int parsed = 0, runs = 6000;
  char buf[512];
  for (int run = 0; run < runs; run++) {
    size_t n = 0;
    int kind = run % 3;
    if (kind == 0) {
      n = next_random() % sizeof buf;
      for (size_t i = 0; i < n; i++) buf[i] = (char)next_random();
    } else if (kind == 1) {
      for (int k = next_random() % 40; k > 0; k--) {
        const char *p = pieces[next_random() % (sizeof pieces / sizeof *pieces)];
        size_t len = strlen(p);
        if (n + len + 1 >= sizeof buf) break;
        memcpy(buf + n, p, len);
        n += len;
        buf[n++] = next_random() % 2 ? ' ' : '\t';
      }
    } else {
      n = strlen(valid);
      memcpy(buf, valid, n);
      for (int k = 1 + next_random() % 3; k > 0; k--) buf[next_random() % n] = (char)next_random();
      if (next_random() % 2) n = next_random() % n;
    }
    ProtobufCMessage *msg = NULL;
    TrtStatus s = trt_pbtext_parse(&pbt__all__descriptor, buf, n, "fuzz", run % 2 ? &skip : NULL,
                                   &msg, logger);
    if (s == TRT_STATUS_OK) {
      parsed++;
      /* What was read packs into valid binary that decodes again. */
      size_t size = protobuf_c_message_get_packed_size(msg);
      uint8_t *bin = malloc(size ? size : 1);
      protobuf_c_message_pack(msg, bin);
      ProtobufCMessage *again = protobuf_c_message_unpack(&pbt__all__descriptor, NULL, size, bin);
      if (!again) CHECK(again != NULL);
      if (again) protobuf_c_message_free_unpacked(again, NULL);
      free(bin);
      protobuf_c_message_free_unpacked(msg, NULL);
    } else if (s != TRT_STATUS_PARSE_ERROR || msg) {
      CHECK_INT(s, TRT_STATUS_PARSE_ERROR);
    }
  }
  printf("random inputs: %d of %d parsed, the rest refused\n", parsed, runs);
  CHECK(parsed > 0);
}

CHECK_MAIN(test_scalars, test_floats_and_bools, test_strings, test_messages_and_lists,
           test_oneof_and_required, test_errors, test_unknown_fields_skipped, test_depth_limit,
           test_many_values, test_random_inputs)
