/* The ONNX backend test suite through the parser and the engine.
 *
 *   conformance [--backend cpu|cuda] [--timeout S] [--floor FILE]
 *               [--filter TEXT] [--failures] [--verbose] DIR...
 *
 * Each DIR is a test (it holds model.onnx and test_data_set_*) or a folder
 * of tests (/usr/share/libonnx-testdata/data/node). Every test runs in a
 * forked child with a time limit, so a crash or a hang is counted and
 * named, not fatal. Tests whose inputs or outputs are sequences, maps or
 * optionals are skipped. Prints one line per failure with --failures, a
 * table per operator, and `conformance: P passed, F failed (R%)`; exits 1
 * when a test crashed or the pass rate is below the floor kept in FILE.
 * Timeouts count as failures. */
#include <dirent.h>
#include <math.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance.h"

typedef struct {
  TrtBackendKind backend;
  int timeout;
  const char *floor_file;
  const char *filter;
  bool failures, verbose;
} Options;

typedef struct {
  char op[64];
  int passed, failed, skipped;
} OpCount;

typedef struct {
  OpCount *ops;
  int nb_ops, cap_ops;
  int passed, failed, skipped, crashed;
} Tally;

static OpCount *op_count(Tally *t, const char *op) {
  for (int i = 0; i < t->nb_ops; i++)
    if (!strcmp(t->ops[i].op, op)) return &t->ops[i];
  if (t->nb_ops == t->cap_ops) {
    int cap = t->cap_ops ? 2 * t->cap_ops : 64;
    OpCount *p = realloc(t->ops, (size_t)cap * sizeof *p);
    if (!p) return NULL;
    t->ops = p;
    t->cap_ops = cap;
  }
  OpCount *c = &t->ops[t->nb_ops++];
  memset(c, 0, sizeof *c);
  snprintf(c->op, sizeof c->op, "%s", op);
  return c;
}

/* Runs one test in a child; fills `r`. */
static void run_isolated(const char *dir, const Options *o, CaseResult *r) {
  int fd[2];
  memset(r, 0, sizeof *r);
  snprintf(r->op, sizeof r->op, "?");
  if (pipe(fd) != 0) {
    r->outcome = CASE_FAIL;
    snprintf(r->reason, sizeof r->reason, "pipe: %s", strerror(errno));
    return;
  }
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    close(fd[0]);
    alarm((unsigned)o->timeout);
    CaseResult mine;
    conformance_run_case(dir, o->backend, o->verbose, &mine);
    ssize_t n = write(fd[1], &mine, sizeof mine);
    _exit(n == (ssize_t)sizeof mine ? 0 : 1);
  }
  close(fd[1]);
  if (pid < 0) {
    close(fd[0]);
    r->outcome = CASE_FAIL;
    snprintf(r->reason, sizeof r->reason, "fork: %s", strerror(errno));
    return;
  }
  CaseResult got;
  size_t have = 0;
  while (have < sizeof got) {
    ssize_t n = read(fd[0], (char *)&got + have, sizeof got - have);
    if (n <= 0) break;
    have += (size_t)n;
  }
  close(fd[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (have == sizeof got) {
    *r = got;
    return;
  }
  r->outcome = CASE_CRASH;
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
    r->outcome = CASE_FAIL;
    snprintf(r->reason, sizeof r->reason, "timed out after %d s", o->timeout);
  } else if (WIFSIGNALED(status))
    snprintf(r->reason, sizeof r->reason, "crashed: %s", strsignal(WTERMSIG(status)));
  else
    snprintf(r->reason, sizeof r->reason, "child exited with status %d", WEXITSTATUS(status));
}

static void count(Tally *t, const char *name, const CaseResult *r, const Options *o) {
  OpCount *c = op_count(t, r->op);
  switch (r->outcome) {
  case CASE_PASS:
    t->passed++;
    if (c) c->passed++;
    break;
  case CASE_SKIP:
    t->skipped++;
    if (c) c->skipped++;
    break;
  case CASE_CRASH: /* a crash is a failure too */
  case CASE_FAIL:
    t->crashed += r->outcome == CASE_CRASH;
    t->failed++;
    if (c) c->failed++;
    break;
  }
  static const char *const words[] = {"PASS", "FAIL", "SKIP", "CRASH"};
  bool show = o->verbose || r->outcome == CASE_CRASH ||
              (o->failures && r->outcome == CASE_FAIL);
  if (show)
    printf("%-5s %s [%s]%s%s\n", words[r->outcome], name, r->op, r->reason[0] ? ": " : "",
           r->reason);
}

static bool is_test(const char *dir) {
  char path[4096];
  struct stat st;
  if (snprintf(path, sizeof path, "%s/model.onnx", dir) >= (int)sizeof path) return false;
  return stat(path, &st) == 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_dir(const char *dir, const Options *o, Tally *t) {
  if (is_test(dir)) {
    CaseResult r;
    run_isolated(dir, o, &r);
    count(t, dir, &r, o);
    return;
  }
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "conformance: cannot open %s: %s\n", dir, strerror(errno));
    t->failed++;
    return;
  }
  char **names = NULL;
  int n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    if (o->filter && !strstr(e->d_name, o->filter)) continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 256;
      char **p = realloc(names, (size_t)cap * sizeof *p);
      if (!p) break;
      names = p;
    }
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof *names, by_name);
  for (int i = 0; i < n; i++) {
    char path[4096];
    int len = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (len < (int)sizeof path && is_test(path)) {
      CaseResult r;
      run_isolated(path, o, &r);
      count(t, names[i], &r, o);
    }
    free(names[i]);
  }
  free(names);
}

static int by_op(const void *a, const void *b) {
  return strcmp(((const OpCount *)a)->op, ((const OpCount *)b)->op);
}

static void print_table(Tally *t) {
  qsort(t->ops, (size_t)t->nb_ops, sizeof *t->ops, by_op);
  printf("%-28s %6s %6s %6s\n", "operator", "passed", "failed", "skipped");
  for (int i = 0; i < t->nb_ops; i++) {
    const OpCount *c = &t->ops[i];
    printf("%-28s %6d %6d %6d%s\n", c->op, c->passed, c->failed, c->skipped,
           c->failed && !c->passed ? "  (none pass)" : "");
  }
}

/* Asks in a child: a device runtime started in this process would not
 * work in the children forked for the tests (CUDA does not survive fork). */
static bool available_in_child(TrtBackendKind kind) {
  pid_t pid = fork();
  if (pid == 0) _exit(trt_backend_is_available(kind, 0) ? 0 : 1);
  int status = 0;
  if (pid < 0) return false;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int usage(void) {
  fprintf(stderr,
          "usage: conformance [--backend cpu|cuda] [--timeout S] [--floor FILE]\n"
          "                   [--filter TEXT] [--failures] [--verbose] DIR...\n");
  return 2;
}

int main(int argc, char **argv) {
  Options o = {.backend = TRT_BACKEND_CPU, .timeout = 30};
  int first_dir = argc;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    bool has_value = i + 1 < argc;
    if (!strcmp(a, "--backend") && has_value) {
      if (!trt_backend_kind_parse(argv[++i], &o.backend)) return usage();
    } else if (!strcmp(a, "--timeout") && has_value) {
      o.timeout = atoi(argv[++i]);
      if (o.timeout < 1) return usage();
    } else if (!strcmp(a, "--floor") && has_value) {
      o.floor_file = argv[++i];
    } else if (!strcmp(a, "--filter") && has_value) {
      o.filter = argv[++i];
    } else if (!strcmp(a, "--failures")) {
      o.failures = true;
    } else if (!strcmp(a, "--verbose")) {
      o.verbose = true;
    } else if (a[0] == '-') {
      return usage();
    } else {
      first_dir = i;
      break;
    }
  }
  if (first_dir == argc) return usage();
  if (o.backend != TRT_BACKEND_CPU && !available_in_child(o.backend)) {
    printf("conformance: backend %s is not available here: SKIP\n",
           trt_backend_kind_name(o.backend));
    return 77;
  }
  Tally t = {0};
  for (int i = first_dir; i < argc; i++) run_dir(argv[i], &o, &t);
  print_table(&t);
  int runnable = t.passed + t.failed;
  double rate = runnable ? 100.0 * t.passed / runnable : 0.0;
  printf("conformance: %d passed, %d failed (%.1f%%), %d skipped, %d crashed\n", t.passed,
         t.failed, rate, t.skipped, t.crashed);
  free(t.ops);
  if (t.crashed) {
    printf("conformance: %d tests crashed (listed above as CRASH)\n", t.crashed);
    return 1;
  }
  if (o.floor_file) {
    FILE *f = fopen(o.floor_file, "r");
    double floor_rate = 0;
    if (!f || fscanf(f, "%lf", &floor_rate) != 1) {
      fprintf(stderr, "conformance: cannot read the floor from %s\n", o.floor_file);
      if (f) fclose(f);
      return 1;
    }
    fclose(f);
    /* Compared as printed, to 0.1%. */
    if (floor(rate * 10 + 0.5) < floor(floor_rate * 10 + 0.5)) {
      printf("conformance: the pass rate %.1f%% is below the floor %.1f%% (%s)\n", rate,
             floor_rate, o.floor_file);
      return 1;
    }
  }
  return 0;
}
