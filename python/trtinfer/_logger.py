"""Loggers: where the library's messages go.

Every Python logger is a C TrtLogger whose callback calls `log()`. The C
side is always asked for errors as well, even when the logger shows less,
so that a failing call can put the library's explanation into the
exception it raises (see _lib.capture).
"""
import contextlib
import sys

from . import _lib
from ._types import LogSeverity

lib = _lib.lib


class Logger:
    """Base of loggers written in Python: subclass it and override
    log(severity, message). Messages at `min_severity` or more severe are
    passed to log().

        class CollectingLogger(trt.infer.Logger):
            def __init__(self):
                trt.infer.Logger.__init__(self, trt.infer.LogSeverity.INFO)
                self.messages = []

            def log(self, severity, message):
                self.messages.append((severity, message))
    """

    def __init__(self, min_severity=LogSeverity.WARNING):
        self._min_severity = LogSeverity(min_severity)

    def log(self, severity, message):
        raise NotImplementedError("a Logger subclass must define log(severity, message)")

    @property
    def min_severity(self):
        return getattr(self, "_min_severity", LogSeverity.WARNING)

    @min_severity.setter
    def min_severity(self, severity):
        self._min_severity = LogSeverity(severity)
        if getattr(self, "_handle", None) is not None:
            lib.trt_logger_set_min_severity(self._handle.ptr, self._c_min_severity())

    def get_severity(self):
        return self.min_severity

    def set_severity(self, severity):
        self.min_severity = severity

    def _c_min_severity(self):
        return max(self.min_severity, LogSeverity.ERROR)

    def _pointer(self):
        """The C logger, made on first use (so that subclasses need not call
        Logger.__init__)."""
        if getattr(self, "_handle", None) is None:
            self._callback = _lib.LOG_CALLBACK(self._on_message)
            ptr = lib.trt_logger_new(self._callback, None, self._c_min_severity())
            if not ptr:
                raise MemoryError("trtinfer: cannot allocate a logger")
            self._handle = _lib.Handle(ptr, lib.trt_logger_free)
        return self._handle.ptr

    def _on_message(self, severity, message, _user_data):
        text = _lib.decode(message)
        if severity <= LogSeverity.ERROR:
            _lib.record_error(text)
        if severity <= self.min_severity:
            self.log(LogSeverity(severity), text)


class ConsoleLogger(Logger):
    """Prints messages at `min_severity` or more severe to stderr, as
    "trtinfer: error: <message>" (TensorRT's ConsoleLogger)."""

    def __init__(self, min_severity=LogSeverity.WARNING):
        super().__init__(min_severity)

    def log(self, severity, message):
        name = severity.name.lower().replace("_", " ")
        print(f"trtinfer: {name}: {message}", file=sys.stderr, flush=True)


class QuietLogger(Logger):
    """Shows nothing: for calls made without a user's logger, whose errors
    still reach the exception raised."""

    def __init__(self):
        super().__init__(LogSeverity.ERROR)

    def log(self, severity, message):
        pass


def logger_pointer(logger):
    """The C logger of `logger`, which must be a Logger."""
    if not isinstance(logger, Logger):
        raise TypeError(f"expected a trtinfer Logger, got {type(logger).__name__}")
    return logger._pointer()


@contextlib.contextmanager
def quiet_unless(logger, set_logger, ptr):
    """For a parser whose messages go to the network's logger unless it has
    one of its own (`logger`, None when the user gave none): calls made
    without a network log nowhere, so for this block its logger is a
    QuietLogger, whose errors still reach the exception raised."""
    if logger is not None:
        yield
        return
    quiet = QuietLogger()
    set_logger(ptr, logger_pointer(quiet))
    try:
        yield
    finally:
        set_logger(ptr, None)
