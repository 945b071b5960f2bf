/* Messages of the command line tool: one line on stderr per failure, the
 * library's first error as its reason. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static struct {
  const char *command;
  TrtLogger *logger;
  bool verbose;
  char first_error[2048]; /* the root cause; later errors follow from it */
} report = {.command = ""};

/* Keeps a message on one line: newlines become "; ". */
static void print_one_line(FILE *f, const char *prefix, const char *message) {
  fprintf(f, "trtinfer%s%s: %s", report.command[0] ? " " : "", report.command,
          prefix);
  for (const char *p = message; *p; p++) {
    if (*p == '\n') {
      if (p[1]) fputs("; ", f);
    } else {
      fputc(*p, f);
    }
  }
  fputc('\n', f);
}

static void on_library_message(TrtSeverity severity, const char *message,
                               void *user_data) {
  (void)user_data;
  if (severity <= TRT_SEVERITY_ERROR) {
    if (!report.first_error[0])
      snprintf(report.first_error, sizeof report.first_error, "%s", message);
    if (report.verbose) print_one_line(stderr, "[library error] ", message);
  } else if (severity == TRT_SEVERITY_WARNING) {
    print_one_line(stderr, "warning: ", message);
  } else {
    print_one_line(stderr, severity == TRT_SEVERITY_INFO ? "[info] " : "[verbose] ",
                   message);
  }
}

void cli_report_init(const char *command) {
  report.command = command ? command : "";
  report.first_error[0] = '\0';
  cli_logger();
}

TrtLogger *cli_logger(void) {
  if (!report.logger)
    report.logger = trt_logger_new(on_library_message, NULL, TRT_SEVERITY_WARNING);
  return report.logger;
}

void cli_report_set_verbose(bool verbose) {
  report.verbose = verbose;
  trt_logger_set_min_severity(cli_logger(), verbose ? TRT_SEVERITY_VERBOSE
                                                    : TRT_SEVERITY_WARNING);
}

void cli_report_clear(void) { report.first_error[0] = '\0'; }

int cli_fail_code(int code, const char *fmt, ...) {
  char message[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  print_one_line(stderr, "error: ", message);
  return code;
}

int cli_fail_library(const char *path, const char *fallback, ...) {
  char message[2048];
  if (report.first_error[0]) {
    snprintf(message, sizeof message, "%s", report.first_error);
  } else {
    va_list ap;
    va_start(ap, fallback);
    vsnprintf(message, sizeof message, fallback, ap);
    va_end(ap);
  }
  report.first_error[0] = '\0';
  if (path && !strstr(message, path))
    return cli_fail("%s: %s", path, message);
  return cli_fail("%s", message);
}

void cli_warn(const char *fmt, ...) {
  char message[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  print_one_line(stderr, "warning: ", message);
}

void cli_info(const char *fmt, ...) {
  char message[2048];
  va_list ap;
  if (!report.verbose) return;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  print_one_line(stderr, "[info] ", message);
}
