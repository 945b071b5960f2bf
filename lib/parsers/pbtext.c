/* Protocol buffer text format reader (see pbtext.h). A tokenizer that keeps
 * line and column feeds a recursive-descent reader, which writes values
 * straight into protobuf-c message structs through the offsets in their
 * descriptors, so any generated message type can be filled. Messages are
 * kept consistent at every step (counts match arrays, sub-messages are
 * linked before they are filled), so a failure anywhere frees cleanly with
 * protobuf_c_message_free_unpacked. */
#include "pbtext.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum { TOK_END, TOK_IDENT, TOK_NUMBER, TOK_STRING, TOK_SYMBOL } TokenKind;

typedef struct {
  TokenKind kind;
  size_t start, len; /* in the text; a string token includes its quotes */
  unsigned long line, col;
} Token;

typedef struct {
  const char *text;
  size_t size, pos;
  unsigned long line, col; /* of pos */
  Token tok;               /* the current token */
  const char *file;
  bool skip_unknown;
  int max_depth, depth;
  TrtLogger *logger;
  locale_t c_locale; /* numbers use '.' whatever the process locale */
  bool failed;
  TrtStatus status;
} Reader;

/* What the reader knows of one field of the message being filled. */
typedef struct {
  bool seen;
  size_t cap; /* allocated elements of a repeated field */
} FieldState;

/* One scalar value before it is stored; every member starts at offset 0,
 * so the first element_size() bytes are the element. */
typedef union {
  int32_t i32;
  uint32_t u32;
  int64_t i64;
  uint64_t u64;
  float f;
  double d;
  protobuf_c_boolean b;
  char *str;
  ProtobufCBinaryData bytes;
} Value;

/* ---- messages -------------------------------------------------------------- */

static bool fail_at(Reader *r, unsigned long line, unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool fail_at(Reader *r, unsigned long line, unsigned long col, const char *fmt, ...) {
  if (r->failed) return false;
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  trt_log(r->logger, TRT_SEVERITY_ERROR, "%s:%lu:%lu: %s", r->file, line, col, msg);
  r->failed = true;
  r->tok.kind = TOK_END; /* loops stop at once */
  return false;
}

#define FAIL(r, ...) fail_at((r), (r)->tok.line, (r)->tok.col, __VA_ARGS__)

static bool out_of_memory(Reader *r) {
  r->status = TRT_STATUS_OUT_OF_MEMORY;
  return FAIL(r, "out of memory");
}

/* The current token for messages: 'text' (shortened, other bytes than
 * printable ASCII as \xNN) or "end of file". */
static const char *token_text(const Reader *r, char *buf, size_t size) {
  if (r->tok.kind == TOK_END) return "end of file";
  size_t o = 0;
  buf[o++] = '\'';
  size_t i = 0;
  for (; i < r->tok.len && o + 10 < size; i++) {
    unsigned char c = (unsigned char)r->text[r->tok.start + i];
    if (c >= 0x20 && c < 0x7f)
      buf[o++] = (char)c;
    else
      o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
  }
  if (i < r->tok.len) {
    memcpy(buf + o, "...", 3);
    o += 3;
  }
  buf[o++] = '\'';
  buf[o] = '\0';
  return buf;
}

#define TOKEN_TEXT(r) token_text((r), (char[64]){0}, 64)

/* ---- tokens ---------------------------------------------------------------- */

static int peek(const Reader *r, size_t ahead) {
  size_t p = r->pos + ahead;
  return p < r->size ? (unsigned char)r->text[p] : -1;
}

static void advance(Reader *r) {
  if (r->text[r->pos] == '\n') {
    r->line++;
    r->col = 1;
  } else {
    r->col++;
  }
  r->pos++;
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_ident_start(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_ident_char(int c) { return is_ident_start(c) || is_digit(c); }

static bool is_symbol(int c) {
  switch (c) {
    case '{': case '}': case '<': case '>': case '[': case ']':
    case ':': case ';': case ',': case '-': case '.': case '/':
      return true;
    default:
      return false;
  }
}

static void skip_space_and_comments(Reader *r) {
  for (;;) {
    int c = peek(r, 0);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      advance(r);
    } else if (c == '#') {
      while (peek(r, 0) != -1 && peek(r, 0) != '\n') advance(r);
    } else {
      return;
    }
  }
}

/* Moves to the next token; false (logged) on a byte that starts none or an
 * unterminated string. */
static bool next(Reader *r) {
  if (r->failed) return false;
  skip_space_and_comments(r);
  Token *t = &r->tok;
  t->start = r->pos;
  t->line = r->line;
  t->col = r->col;
  int c = peek(r, 0);
  if (c == -1) {
    t->kind = TOK_END;
  } else if (is_ident_start(c)) {
    t->kind = TOK_IDENT;
    while (is_ident_char(peek(r, 0))) advance(r);
  } else if (is_digit(c) || (c == '.' && is_digit(peek(r, 1)))) {
    /* Take every byte a number may hold; its syntax is checked when it is
     * converted for a field, where the message can say what was wanted. */
    t->kind = TOK_NUMBER;
    bool hex = c == '0' && (peek(r, 1) == 'x' || peek(r, 1) == 'X');
    int prev = 0;
    for (;;) {
      int d = peek(r, 0);
      bool sign = !hex && (d == '+' || d == '-') && (prev == 'e' || prev == 'E');
      if (!is_ident_char(d) && d != '.' && !sign) break;
      prev = d;
      advance(r);
    }
  } else if (c == '"' || c == '\'') {
    t->kind = TOK_STRING;
    advance(r);
    for (;;) {
      int d = peek(r, 0);
      if (d == -1 || d == '\n')
        return fail_at(r, t->line, t->col, "string not closed before the end of the %s",
                       d == -1 ? "file" : "line");
      advance(r);
      if (d == c) break;
      if (d == '\\') {
        int e = peek(r, 0);
        if (e == -1 || e == '\n')
          return fail_at(r, t->line, t->col, "string not closed before the end of the %s",
                         e == -1 ? "file" : "line");
        advance(r);
      }
    }
  } else if (is_symbol(c)) {
    t->kind = TOK_SYMBOL;
    advance(r);
  } else if (c >= 0x20 && c < 0x7f) {
    return fail_at(r, t->line, t->col, "unexpected character '%c'", c);
  } else {
    return fail_at(r, t->line, t->col, "unexpected byte 0x%02x", (unsigned)c);
  }
  t->len = r->pos - t->start;
  return true;
}

static bool tok_is(const Reader *r, char symbol) {
  return r->tok.kind == TOK_SYMBOL && r->text[r->tok.start] == symbol;
}

/* Consumes `symbol` when it is the current token. A failure to read the
 * token after it sets r->failed, which callers check. */
static bool accept(Reader *r, char symbol) {
  if (!tok_is(r, symbol)) return false;
  next(r);
  return true;
}

static bool expect(Reader *r, char symbol, const char *context) {
  if (accept(r, symbol)) return !r->failed;
  return FAIL(r, "expected '%c' %s, got %s", symbol, context, TOKEN_TEXT(r));
}

static bool tok_equals(const Reader *r, const char *word, bool any_case) {
  size_t n = strlen(word);
  if (r->tok.len != n) return false;
  const char *s = r->text + r->tok.start;
  return any_case ? strncasecmp(s, word, n) == 0 : memcmp(s, word, n) == 0;
}

/* ---- numbers --------------------------------------------------------------- */

static int digit_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

/* An unsigned integer in decimal, hex (0x) or octal (leading 0); false when
 * the text is not one or does not fit in 64 bits. */
static bool parse_uint(const char *s, size_t n, uint64_t *out) {
  unsigned base = 10;
  size_t i = 0;
  if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    i = 2;
  } else if (n > 1 && s[0] == '0') {
    base = 8;
    i = 1;
  }
  if (i >= n) return false;
  uint64_t v = 0;
  for (; i < n; i++) {
    unsigned d = (unsigned)digit_value((unsigned char)s[i]);
    if (d >= base || v > (UINT64_MAX - d) / base) return false;
    v = v * base + d;
  }
  *out = v;
  return true;
}

/* A float token: an integer, or a decimal with optional exponent and f
 * suffix. Hex floats are not text-format syntax. */
static bool parse_float_token(Reader *r, double *out) {
  const char *s = r->text + r->tok.start;
  size_t n = r->tok.len;
  uint64_t u;
  if (parse_uint(s, n, &u)) {
    *out = (double)u;
    return true;
  }
  char buf[128];
  if (n >= sizeof buf || (n > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))) return false;
  if (n > 1 && (s[n - 1] == 'f' || s[n - 1] == 'F')) n--;
  memcpy(buf, s, n);
  buf[n] = '\0';
  char *end = NULL;
  *out = strtod_l(buf, &end, r->c_locale);
  return end == buf + n && n > 0;
}

/* An optional '-' and an integer token. */
static bool read_integer(Reader *r, bool *negative, uint64_t *magnitude) {
  *negative = accept(r, '-');
  if (r->failed) return false;
  if (r->tok.kind != TOK_NUMBER) return FAIL(r, "expected an integer, got %s", TOKEN_TEXT(r));
  if (!parse_uint(r->text + r->tok.start, r->tok.len, magnitude))
    return FAIL(r, "%s is not an integer that fits in 64 bits", TOKEN_TEXT(r));
  return next(r);
}

/* An integer within [min, max] (as signed 64-bit, or unsigned when
 * `is_unsigned`). */
static bool read_int_in_range(Reader *r, const ProtobufCFieldDescriptor *f, bool is_unsigned,
                              int bits, Value *v) {
  unsigned long line = r->tok.line, col = r->tok.col;
  bool neg;
  uint64_t mag;
  if (!read_integer(r, &neg, &mag)) return false;
  if (is_unsigned) {
    uint64_t max = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
    if ((neg && mag) || mag > max)
      return fail_at(r, line, col, "value %s%llu is out of range for field '%s' (uint%d)",
                     neg ? "-" : "", (unsigned long long)mag, f->name, bits);
    if (bits == 64) v->u64 = mag; else v->u32 = (uint32_t)mag;
    return true;
  }
  uint64_t limit = (UINT64_C(1) << (bits - 1)) - (neg ? 0 : 1);
  if (mag > limit)
    return fail_at(r, line, col, "value %s%llu is out of range for field '%s' (int%d)",
                   neg ? "-" : "", (unsigned long long)mag, f->name, bits);
  /* Negating through uint64 keeps INT64_MIN defined. */
  int64_t s = neg ? (int64_t)(~mag + 1) : (int64_t)mag;
  if (bits == 64) v->i64 = s; else v->i32 = (int32_t)s;
  return true;
}

static bool read_floating(Reader *r, const ProtobufCFieldDescriptor *f, double *out) {
  bool neg = accept(r, '-');
  if (r->failed) return false;
  double v;
  if (r->tok.kind == TOK_IDENT && (tok_equals(r, "inf", true) || tok_equals(r, "infinity", true))) {
    v = INFINITY;
  } else if (r->tok.kind == TOK_IDENT && tok_equals(r, "nan", true)) {
    v = NAN;
  } else if (r->tok.kind != TOK_NUMBER || !parse_float_token(r, &v)) {
    return FAIL(r, "expected a number for field '%s', got %s", f->name, TOKEN_TEXT(r));
  }
  *out = neg ? -v : v;
  return next(r);
}

static bool read_bool(Reader *r, const ProtobufCFieldDescriptor *f, protobuf_c_boolean *out) {
  if (tok_equals(r, "true", false) || tok_equals(r, "True", false) || tok_equals(r, "t", false) ||
      (r->tok.kind == TOK_NUMBER && tok_equals(r, "1", false)))
    *out = 1;
  else if (tok_equals(r, "false", false) || tok_equals(r, "False", false) ||
           tok_equals(r, "f", false) || (r->tok.kind == TOK_NUMBER && tok_equals(r, "0", false)))
    *out = 0;
  else
    return FAIL(r, "expected true or false for field '%s', got %s", f->name, TOKEN_TEXT(r));
  return next(r);
}

static bool read_enum(Reader *r, const ProtobufCFieldDescriptor *f, int32_t *out) {
  const ProtobufCEnumDescriptor *ed = f->descriptor;
  const ProtobufCEnumValue *ev = NULL;
  if (r->tok.kind == TOK_IDENT) {
    char name[256];
    if (r->tok.len < sizeof name) {
      memcpy(name, r->text + r->tok.start, r->tok.len);
      name[r->tok.len] = '\0';
      ev = protobuf_c_enum_descriptor_get_value_by_name(ed, name);
    }
    if (!ev)
      return FAIL(r, "%s is not a value of enum %s (field '%s')", TOKEN_TEXT(r), ed->name,
                  f->name);
    *out = ev->value;
    return next(r);
  }
  unsigned long line = r->tok.line, col = r->tok.col;
  Value v;
  if (!read_int_in_range(r, f, false, 32, &v)) return false;
  if (!protobuf_c_enum_descriptor_get_value(ed, v.i32))
    return fail_at(r, line, col, "%d is not a value of enum %s (field '%s')", v.i32, ed->name,
                   f->name);
  *out = v.i32;
  return true;
}

/* ---- strings --------------------------------------------------------------- */

static size_t utf8_encode(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xc0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3f));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xe0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
  }
  out[0] = (char)(0xf0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
  out[3] = (char)(0x80 | (cp & 0x3f));
  return 4;
}

/* Appends the decoded contents of the current string token to out (which
 * has room: no escape decodes to more bytes than it is written with). */
static bool decode_string_token(Reader *r, char *out, size_t *len) {
  const char *s = r->text + r->tok.start + 1;
  size_t n = r->tok.len - 2; /* without the quotes */
  for (size_t i = 0; i < n;) {
    unsigned long col = r->tok.col + 1 + i;
    char c = s[i++];
    if (c != '\\') {
      out[(*len)++] = c;
      continue;
    }
    char e = s[i++];
    switch (e) {
      case 'a': out[(*len)++] = '\a'; break;
      case 'b': out[(*len)++] = '\b'; break;
      case 'f': out[(*len)++] = '\f'; break;
      case 'n': out[(*len)++] = '\n'; break;
      case 'r': out[(*len)++] = '\r'; break;
      case 't': out[(*len)++] = '\t'; break;
      case 'v': out[(*len)++] = '\v'; break;
      case '\\': case '\'': case '"': case '?': out[(*len)++] = e; break;
      case 'x': {
        unsigned v = 0, k = 0;
        for (; k < 2 && i < n && digit_value((unsigned char)s[i]) < 16; k++)
          v = v * 16 + (unsigned)digit_value((unsigned char)s[i++]);
        if (!k) return fail_at(r, r->tok.line, col, "\\x needs a hex digit");
        out[(*len)++] = (char)v;
        break;
      }
      case 'u': case 'U': {
        unsigned want = e == 'u' ? 4 : 8, k = 0;
        uint32_t cp = 0;
        for (; k < want && i < n && digit_value((unsigned char)s[i]) < 16; k++)
          cp = cp * 16 + (uint32_t)digit_value((unsigned char)s[i++]);
        if (k < want || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
          return fail_at(r, r->tok.line, col, "\\%c needs %u hex digits of a Unicode code point",
                         e, want);
        *len += utf8_encode(cp, out + *len);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          unsigned v = (unsigned)(e - '0');
          for (int k = 0; k < 2 && i < n && s[i] >= '0' && s[i] <= '7'; k++)
            v = v * 8 + (unsigned)(s[i++] - '0');
          if (v > 0xff) return fail_at(r, r->tok.line, col, "octal escape above \\377");
          out[(*len)++] = (char)v;
        } else {
          return fail_at(r, r->tok.line, col, "unknown escape '\\%c'",
                         e >= 0x20 && e < 0x7f ? e : '?');
        }
    }
  }
  return true;
}

/* One or more adjacent string tokens, decoded into a malloc'ed buffer. */
static bool read_string(Reader *r, const ProtobufCFieldDescriptor *f, char **out, size_t *out_len) {
  if (r->tok.kind != TOK_STRING)
    return FAIL(r, "expected a quoted string for field '%s', got %s", f->name, TOKEN_TEXT(r));
  unsigned long line = r->tok.line, col = r->tok.col;
  char *buf = malloc(1);
  size_t len = 0;
  if (!buf) return out_of_memory(r);
  while (r->tok.kind == TOK_STRING) {
    char *grown = realloc(buf, len + r->tok.len + 1);
    if (!grown) {
      free(buf);
      return out_of_memory(r);
    }
    buf = grown;
    if (!decode_string_token(r, buf, &len) || !next(r)) {
      free(buf);
      return false;
    }
  }
  buf[len] = '\0';
  if (f->type == PROTOBUF_C_TYPE_STRING && memchr(buf, 0, len)) {
    free(buf);
    return fail_at(r, line, col, "string field '%s' cannot hold a NUL character", f->name);
  }
  *out = buf;
  *out_len = len;
  return true;
}

/* ---- storing values -------------------------------------------------------- */

static size_t element_size(ProtobufCType type) {
  switch (type) {
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE:
      return 8;
    case PROTOBUF_C_TYPE_BOOL: return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_STRING: return sizeof(char *);
    case PROTOBUF_C_TYPE_BYTES: return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_MESSAGE: return sizeof(ProtobufCMessage *);
    default: return 4; /* 32-bit integers, enums, float */
  }
}

/* Where the next value of field f goes: the member itself, or a new
 * element at the end of a repeated field's array (counted by
 * mark_present). NULL (logged) when the array cannot grow. */
static void *reserve(Reader *r, ProtobufCMessage *msg, const ProtobufCFieldDescriptor *f,
                     FieldState *fs) {
  char *base = (char *)msg;
  if (f->label != PROTOBUF_C_LABEL_REPEATED) return base + f->offset;
  size_t n = *(size_t *)(base + f->quantifier_offset);
  void **array = (void **)(base + f->offset);
  size_t es = element_size(f->type);
  if (n == fs->cap) {
    size_t cap = fs->cap ? fs->cap * 2 : 4;
    void *grown = cap <= SIZE_MAX / es ? realloc(*array, cap * es) : NULL;
    if (!grown) {
      out_of_memory(r);
      return NULL;
    }
    *array = grown;
    fs->cap = cap;
  }
  return (char *)*array + n * es;
}

/* Records that the value just stored is there: the repeated count, the
 * has_ flag of an optional scalar, or the case of a oneof. */
static void mark_present(ProtobufCMessage *msg, const ProtobufCFieldDescriptor *f) {
  char *base = (char *)msg;
  if (f->label == PROTOBUF_C_LABEL_REPEATED)
    (*(size_t *)(base + f->quantifier_offset))++;
  else if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
    *(uint32_t *)(base + f->quantifier_offset) = f->id;
  else if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->type != PROTOBUF_C_TYPE_STRING &&
           f->type != PROTOBUF_C_TYPE_MESSAGE)
    *(protobuf_c_boolean *)(base + f->quantifier_offset) = 1;
}

static bool read_scalar(Reader *r, const ProtobufCFieldDescriptor *f, Value *v) {
  double d;
  size_t len;
  switch (f->type) {
    case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_SFIXED32:
      return read_int_in_range(r, f, false, 32, v);
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
      return read_int_in_range(r, f, false, 64, v);
    case PROTOBUF_C_TYPE_UINT32: case PROTOBUF_C_TYPE_FIXED32:
      return read_int_in_range(r, f, true, 32, v);
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64:
      return read_int_in_range(r, f, true, 64, v);
    case PROTOBUF_C_TYPE_FLOAT:
      if (!read_floating(r, f, &d)) return false;
      v->f = (float)d;
      return true;
    case PROTOBUF_C_TYPE_DOUBLE:
      return read_floating(r, f, &v->d);
    case PROTOBUF_C_TYPE_BOOL:
      return read_bool(r, f, &v->b);
    case PROTOBUF_C_TYPE_ENUM:
      return read_enum(r, f, &v->i32);
    case PROTOBUF_C_TYPE_STRING:
      return read_string(r, f, &v->str, &len);
    case PROTOBUF_C_TYPE_BYTES: {
      char *data;
      if (!read_string(r, f, &data, &len)) return false;
      v->bytes.data = (uint8_t *)data;
      v->bytes.len = len;
      return true;
    }
    default:
      return FAIL(r, "field '%s' has a type this reader does not know", f->name);
  }
}

static bool read_fields(Reader *r, ProtobufCMessage *msg, char closer);

static bool read_message_value(Reader *r, ProtobufCMessage *msg,
                               const ProtobufCFieldDescriptor *f, FieldState *fs) {
  char closer = tok_is(r, '{') ? '}' : tok_is(r, '<') ? '>' : 0;
  if (!closer)
    return FAIL(r, "expected '{' to open message field '%s', got %s", f->name, TOKEN_TEXT(r));
  if (r->depth >= r->max_depth)
    return FAIL(r, "messages nested deeper than %d levels", r->max_depth);
  ProtobufCMessage **slot = reserve(r, msg, f, fs);
  if (!slot) return false;
  const ProtobufCMessageDescriptor *d = f->descriptor;
  ProtobufCMessage *sub = malloc(d->sizeof_message);
  if (!sub) return out_of_memory(r);
  protobuf_c_message_init(d, sub);
  *slot = sub; /* owned by msg from here on */
  mark_present(msg, f);
  if (!next(r)) return false;
  r->depth++;
  bool ok = read_fields(r, sub, closer);
  r->depth--;
  return ok;
}

/* A value of field f, whose name stands at line:col (where a field given
 * twice is reported). */
static bool read_value(Reader *r, ProtobufCMessage *msg, const ProtobufCFieldDescriptor *f,
                       FieldState *fs, unsigned long line, unsigned long col) {
  const ProtobufCMessageDescriptor *d = msg->descriptor;
  if (f->label != PROTOBUF_C_LABEL_REPEATED) {
    if (fs->seen) return fail_at(r, line, col, "field '%s' is given more than once", f->name);
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      uint32_t set = *(const uint32_t *)((const char *)msg + f->quantifier_offset);
      const ProtobufCFieldDescriptor *other =
          set && set != f->id ? protobuf_c_message_descriptor_get_field(d, set) : NULL;
      if (other)
        return fail_at(r, line, col, "fields '%s' and '%s' are members of one oneof: give only one",
                       other->name, f->name);
    }
  }
  fs->seen = true;
  if (f->type == PROTOBUF_C_TYPE_MESSAGE) return read_message_value(r, msg, f, fs);
  Value v;
  memset(&v, 0, sizeof v);
  if (!read_scalar(r, f, &v)) return false;
  void *slot = reserve(r, msg, f, fs);
  if (!slot) {
    if (f->type == PROTOBUF_C_TYPE_STRING) free(v.str);
    if (f->type == PROTOBUF_C_TYPE_BYTES) free(v.bytes.data);
    return false;
  }
  memcpy(slot, &v, element_size(f->type));
  mark_present(msg, f);
  return true;
}

/* ---- unknown fields -------------------------------------------------------- */

static bool skip_field_value(Reader *r);

/* [extension.name] or [type.url/pkg.Type]. */
static bool skip_bracket_name(Reader *r) {
  if (!next(r)) return false;
  while (r->tok.kind == TOK_IDENT || tok_is(r, '.') || tok_is(r, '/'))
    if (!next(r)) return false;
  return expect(r, ']', "to close the extension name");
}

static bool skip_message(Reader *r) {
  char closer = tok_is(r, '{') ? '}' : '>';
  if (r->depth >= r->max_depth)
    return FAIL(r, "messages nested deeper than %d levels", r->max_depth);
  if (!next(r)) return false;
  r->depth++;
  while (!tok_is(r, closer)) {
    if (r->tok.kind == TOK_END)
      return FAIL(r, "expected '%c' to close the message, got end of file", closer);
    if (tok_is(r, '[')) {
      if (!skip_bracket_name(r)) return false;
    } else if (r->tok.kind == TOK_IDENT) {
      if (!next(r)) return false;
    } else {
      return FAIL(r, "expected a field name, got %s", TOKEN_TEXT(r));
    }
    if (!skip_field_value(r)) return false;
    if (!accept(r, ';')) accept(r, ',');
    if (r->failed) return false;
  }
  r->depth--;
  return next(r);
}

static bool skip_scalar(Reader *r) {
  if (r->tok.kind == TOK_STRING) {
    while (r->tok.kind == TOK_STRING)
      if (!next(r)) return false;
    return true;
  }
  accept(r, '-');
  if (r->failed) return false;
  if (r->tok.kind == TOK_IDENT || r->tok.kind == TOK_NUMBER) return next(r);
  return FAIL(r, "expected a value, got %s", TOKEN_TEXT(r));
}

/* The value of a field the schema does not know: scalar, message or list,
 * read with the same syntax checks and depth limit, then dropped. */
static bool skip_field_value(Reader *r) {
  bool colon = accept(r, ':');
  if (r->failed) return false;
  if (tok_is(r, '{') || tok_is(r, '<')) return skip_message(r);
  if (tok_is(r, '[')) {
    if (!next(r)) return false;
    if (accept(r, ']')) return !r->failed;
    for (;;) {
      bool ok = tok_is(r, '{') || tok_is(r, '<') ? skip_message(r) : skip_scalar(r);
      if (!ok) return false;
      if (accept(r, ',')) continue;
      return expect(r, ']', "to close the list");
    }
  }
  if (!colon) return FAIL(r, "expected ':' or '{' after the field name, got %s", TOKEN_TEXT(r));
  return skip_scalar(r);
}

/* ---- fields and messages --------------------------------------------------- */

static bool read_field(Reader *r, ProtobufCMessage *msg, FieldState *states) {
  const ProtobufCMessageDescriptor *d = msg->descriptor;
  unsigned long line = r->tok.line, col = r->tok.col;
  if (tok_is(r, '[')) {
    if (!r->skip_unknown)
      return FAIL(r, "extension and Any fields ([...]) are not supported (in %s)", d->name);
    trt_log(r->logger, TRT_SEVERITY_WARNING, "%s:%lu:%lu: extension field in %s ignored",
            r->file, line, col, d->name);
    return skip_bracket_name(r) && skip_field_value(r);
  }
  if (r->tok.kind != TOK_IDENT)
    return FAIL(r, "expected a field name of %s, got %s", d->name, TOKEN_TEXT(r));
  char name[256] = "";
  const ProtobufCFieldDescriptor *f = NULL;
  if (r->tok.len < sizeof name) {
    memcpy(name, r->text + r->tok.start, r->tok.len);
    name[r->tok.len] = '\0';
    f = protobuf_c_message_descriptor_get_field_by_name(d, name);
  }
  if (!f) {
    if (!r->skip_unknown) return FAIL(r, "%s has no field %s", d->name, TOKEN_TEXT(r));
    trt_log(r->logger, TRT_SEVERITY_WARNING, "%s:%lu:%lu: unknown field %s of %s ignored",
            r->file, line, col, TOKEN_TEXT(r), d->name);
    return next(r) && skip_field_value(r);
  }
  if (!next(r)) return false;
  FieldState *fs = &states[f - d->fields];
  bool colon = accept(r, ':');
  if (r->failed) return false;
  if (!colon && f->type != PROTOBUF_C_TYPE_MESSAGE)
    return FAIL(r, "expected ':' after field '%s', got %s", f->name, TOKEN_TEXT(r));
  if (!tok_is(r, '[')) return read_value(r, msg, f, fs, line, col);
  if (f->label != PROTOBUF_C_LABEL_REPEATED)
    return FAIL(r, "field '%s' is not repeated: it takes no list", f->name);
  if (!next(r)) return false;
  if (accept(r, ']')) return !r->failed;
  for (;;) {
    if (!read_value(r, msg, f, fs, line, col)) return false;
    if (accept(r, ',')) continue;
    return expect(r, ']', "to close the list");
  }
}

static bool check_required(Reader *r, const ProtobufCMessageDescriptor *d,
                           const FieldState *states) {
  for (unsigned i = 0; i < d->n_fields; i++)
    if (d->fields[i].label == PROTOBUF_C_LABEL_REQUIRED && !states[i].seen)
      return FAIL(r, "%s lacks its required field '%s'", d->name, d->fields[i].name);
  return true;
}

/* Fields until `closer` ('}' or '>', consumed) or, for the top level (0),
 * the end of the text. */
static bool read_fields(Reader *r, ProtobufCMessage *msg, char closer) {
  const ProtobufCMessageDescriptor *d = msg->descriptor;
  FieldState *states = calloc(d->n_fields ? d->n_fields : 1, sizeof *states);
  if (!states) return out_of_memory(r);
  bool ok = true;
  while (ok && !(closer ? tok_is(r, closer) : r->tok.kind == TOK_END)) {
    if (r->tok.kind == TOK_END)
      ok = FAIL(r, "expected '%c' to close %s, got end of file", closer, d->name);
    else
      ok = read_field(r, msg, states);
    if (ok && !accept(r, ';')) accept(r, ',');
    if (r->failed) ok = false;
  }
  if (ok) ok = check_required(r, d, states);
  if (ok && closer) ok = next(r);
  free(states);
  return ok;
}

TrtStatus trt_pbtext_parse(const ProtobufCMessageDescriptor *descriptor, const char *text,
                           size_t size, const char *file, const TrtPbTextOptions *options,
                           ProtobufCMessage **out, TrtLogger *logger) {
  *out = NULL;
  Reader r = {
      .text = text,
      .size = text ? size : 0,
      .line = 1,
      .col = 1,
      .file = file ? file : "<text>",
      .skip_unknown = options && options->skip_unknown_fields,
      .max_depth = options && options->max_depth > 0 ? options->max_depth
                                                     : TRT_PBTEXT_DEFAULT_DEPTH,
      .logger = logger,
      .status = TRT_STATUS_PARSE_ERROR,
  };
  if (r.size >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) r.pos = 3; /* UTF-8 BOM */
  ProtobufCMessage *msg = malloc(descriptor->sizeof_message);
  r.c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
  if (!msg || !r.c_locale) {
    free(msg);
    if (r.c_locale) freelocale(r.c_locale);
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: out of memory", r.file);
    return TRT_STATUS_OUT_OF_MEMORY;
  }
  protobuf_c_message_init(descriptor, msg);
  bool ok = next(&r) && read_fields(&r, msg, 0);
  freelocale(r.c_locale);
  if (!ok) {
    protobuf_c_message_free_unpacked(msg, NULL);
    return r.status;
  }
  *out = msg;
  return TRT_STATUS_OK;
}
