"""Loggers: the library's messages reach Python loggers, filtered by
severity, and errors become exceptions carrying the library's words."""
import gc
import sys

import pytest

from conftest import CollectingLogger, REPO
import trtinfer as trt

Severity = trt.infer.LogSeverity


def test_console_logger_prints_at_its_severity(capfd):
    logger = trt.infer.ConsoleLogger(Severity.INFO)
    trt.utils.onnx_to_trt_engine(logger, str(REPO / "models" / "mnist.onnx"))
    err = capfd.readouterr().err
    assert "trtinfer: info: built engine" in err


def test_console_logger_at_error_hides_info(capfd):
    logger = trt.infer.ConsoleLogger(Severity.ERROR)
    trt.utils.onnx_to_trt_engine(logger, str(REPO / "models" / "mnist.onnx"))
    assert "info" not in capfd.readouterr().err


def test_python_logger_receives_messages_with_severities():
    logger = CollectingLogger(Severity.INFO)
    trt.utils.onnx_to_trt_engine(logger, str(REPO / "models" / "mnist.onnx"))
    assert any(s == Severity.INFO and "built engine" in m for s, m in logger.messages)
    assert all(isinstance(s, Severity) and s <= Severity.INFO for s, _ in logger.messages)


def test_min_severity_can_change_after_use():
    logger = CollectingLogger(Severity.INFO)
    builder = trt.infer.create_infer_builder(logger)
    logger.min_severity = Severity.ERROR
    network = builder.create_network()
    network.add_input("x", trt.infer.DataType.FLOAT, (2,))
    with pytest.raises(trt.TrtError):
        network.add_input("x", trt.infer.DataType.FLOAT, (2,))
    assert [s for s, _ in logger.messages] == [Severity.ERROR]
    assert logger.get_severity() == Severity.ERROR


def test_errors_reach_exceptions_even_when_the_logger_hides_them():
    logger = CollectingLogger(Severity.INTERNAL_ERROR)
    network = trt.infer.create_infer_builder(logger).create_network()
    network.add_input("x", trt.infer.DataType.FLOAT, (2,))
    with pytest.raises(trt.TrtError, match="a tensor named 'x' already exists"):
        network.add_input("x", trt.infer.DataType.FLOAT, (2,))
    assert logger.messages == []


def test_subclass_without_base_init_still_works():
    class Bare(trt.infer.Logger):
        def __init__(self):
            self.seen = []

        def log(self, severity, message):
            self.seen.append(message)

    logger = Bare()
    network = trt.infer.create_infer_builder(logger).create_network()
    network.add_input("x", trt.infer.DataType.FLOAT, (2,))
    with pytest.raises(trt.TrtError):
        network.add_input("x", trt.infer.DataType.FLOAT, (2,))
    assert any("already exists" in m for m in logger.seen)


def test_logger_without_log_method_is_reported_not_crashing(monkeypatch):
    # Python reports an exception raised inside the callback as unraisable;
    # the call itself fails normally.
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    network = trt.infer.create_infer_builder(trt.infer.Logger()).create_network()
    network.add_input("x", trt.infer.DataType.FLOAT, (2,))
    with pytest.raises(trt.TrtError, match="already exists"):
        network.add_input("x", trt.infer.DataType.FLOAT, (2,))
    assert [type(u.exc_value) for u in unraisable] == [NotImplementedError]


def test_objects_keep_their_logger_alive():
    logger = CollectingLogger(Severity.ERROR)
    network = trt.infer.create_infer_builder(logger).create_network()
    del logger
    gc.collect()
    network.add_input("x", trt.infer.DataType.FLOAT, (2,))
    with pytest.raises(trt.TrtError, match="already exists"):
        network.add_input("x", trt.infer.DataType.FLOAT, (2,))


def test_loggers_must_be_loggers():
    with pytest.raises(TypeError):
        trt.infer.create_infer_builder(print)
