"""The ONNX parser objects: config settings, parse -> convert -> network,
the MNIST digits classified, and bad files refused with the reason."""
import gc

import numpy as np
import pytest

from conftest import CollectingLogger, REPO, shared
import trtinfer as trt
from trtinfer.parsers import onnxparser

MNIST = str(REPO / "models" / "mnist.onnx")
Severity = trt.infer.LogSeverity


def parse(path=MNIST, logger=None, config_setup=None):
    config = onnxparser.create_onnxconfig()
    config.set_model_filename(path)
    if logger is not None:
        config.set_logger(logger)
    if config_setup:
        config_setup(config)
    parser = onnxparser.create_onnxparser(config)
    parser.parse(config.get_model_filename(), config.get_model_dtype())
    parser.convert_to_trt_network()
    return parser


def test_config_settings():
    config = onnxparser.create_onnxconfig()
    assert config.get_model_filename() is None
    config.set_model_file_name("model.onnx")
    assert config.get_model_filename() == "model.onnx"
    assert config.get_model_dtype() == trt.infer.DataType.FLOAT
    config.set_model_dtype(trt.infer.DataType.HALF)
    assert config.get_model_dtype() == trt.infer.DataType.HALF
    assert not config.get_print_layer_info()
    config.set_print_layer_info(True)
    assert config.get_print_layer_info()
    assert config.get_verbosity_level() == Severity.WARNING
    config.add_verbosity()
    assert config.get_verbosity_level() == Severity.INFO
    config.reduce_verbosity()
    config.reduce_verbosity()
    assert config.get_verbosity_level() == Severity.ERROR
    config.set_verbosity_level(Severity.VERBOSE)
    config.add_verbosity()
    assert config.get_verbosity_level() == Severity.VERBOSE


def test_network_of_the_model():
    network = parse().get_trt_network()
    assert network.get_nb_inputs() == 1 and network.get_nb_outputs() == 1
    x = network.get_input(0)
    assert (x.name, x.shape, x.dtype) == ("Input3", (1, 1, 28, 28), trt.infer.DataType.FLOAT)
    assert network.get_output(0).name == "Plus214_Output_0"
    assert network.get_nb_layers() >= 10


def test_layer_info_and_parsing_report_go_to_the_logger():
    logger = CollectingLogger()

    def setup(config):
        config.set_print_layer_info(True)
        config.report_parsing_info()
        config.set_verbosity_level(Severity.INFO)
    parse(logger=logger, config_setup=setup)
    text = logger.text()
    assert "IR version 3, opset 8" in text and "CNTK" in text
    assert "MaxPool" in text and "Input3" in text


def test_verbosity_filters_messages():
    logger = CollectingLogger()
    parse(logger=logger, config_setup=lambda c: c.set_print_layer_info(True))
    assert logger.messages == []  # layer info is INFO; the default verbosity is WARNING


def test_mnist_digits_classified(digits):
    builder = trt.infer.create_infer_builder(CollectingLogger())
    engine = builder.build_cuda_engine(parse().get_trt_network())
    for digit, image in digits:
        x = (1.0 - image.astype(np.float32) / 255).reshape(1, 1, 28, 28)
        assert engine.infer({"Input3": x})["Plus214_Output_0"].argmax() == digit


def test_outputs_match_onnxruntime(onnx_engine):
    """ONNX Runtime's outputs for the ten digits (../shared/models)."""
    for n in range(10):
        folder = shared("mnist", "ref_onnx_ort", f"test_data_set_{n}")
        x = trt.utils.read_tensor_file(folder / "input_0.pb")
        expected = trt.utils.read_tensor_file(folder / "output_0.pb")
        got = onnx_engine.infer({"Input3": x})["Plus214_Output_0"]
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-3)


def test_the_network_outlives_its_parser(digits):
    parser = parse()
    network = parser.get_trt_network()
    parser.destroy()
    del parser
    gc.collect()
    engine = trt.infer.create_infer_builder(CollectingLogger()).build_cuda_engine(network)
    assert engine.get_nb_bindings() == 2


def test_converting_again_while_the_network_is_used():
    parser = parse()
    network = parser.get_trt_network()
    with pytest.raises(ValueError, match="still in use"):
        parser.convert_to_trt_network()
    del network
    assert parser.convert_to_trtnetwork()
    assert parser.get_trtnetwork().get_nb_inputs() == 1


@pytest.mark.parametrize("content, status, match", [
    (None, "FILE_ERROR", "missing.onnx"),
    (b"", "PARSE_ERROR", "empty"),
    (b"\x08\x03\x12\x04junk\xff\xff\xff", "PARSE_ERROR", "bad.onnx"),
    (bytes(range(256)) * 8, "PARSE_ERROR", "bad.onnx"),
])
def test_bad_files_raise_with_the_reason(tmp_path, content, status, match):
    path = tmp_path / ("missing.onnx" if content is None else "bad.onnx")
    if content is not None:
        path.write_bytes(content)
    parser = onnxparser.create_onnxparser(onnxparser.create_onnxconfig())
    with pytest.raises(trt.TrtError, match=match) as error:
        parser.parse(str(path), trt.infer.DataType.FLOAT)
    assert error.value.status == status


def test_truncated_models_never_crash(tmp_path):
    data = (REPO / "models" / "mnist.onnx").read_bytes()
    logger = CollectingLogger(Severity.INTERNAL_ERROR)
    for cut in (1, 100, 1000, len(data) // 2, len(data) - 1):
        path = tmp_path / f"cut{cut}.onnx"
        path.write_bytes(data[:cut])
        config = onnxparser.create_onnxconfig()
        config.set_logger(logger)
        parser = onnxparser.create_onnxparser(config)
        try:
            parser.parse(str(path), trt.infer.DataType.FLOAT)
            parser.convert_to_trt_network()
        except trt.TrtError as error:
            assert str(error)


def test_order_of_calls_is_checked():
    parser = onnxparser.create_onnxparser(onnxparser.create_onnxconfig())
    with pytest.raises(trt.TrtError, match="call parse first"):
        parser.convert_to_trt_network()
    with pytest.raises(ValueError, match="no network yet"):
        parser.get_trt_network()
    with pytest.raises(trt.TrtError, match="not supported"):
        parser.parse(MNIST, trt.infer.DataType.INT8)
    with pytest.raises(TypeError):
        onnxparser.create_onnxparser("config")


def test_onnx_to_trt_engine_in_one_call(digits):
    engine = trt.utils.onnx_to_trt_engine(CollectingLogger(), MNIST, max_batch_size=1)
    x = (1.0 - digits[7][1].astype(np.float32) / 255).reshape(1, 1, 28, 28)
    assert engine.infer({"Input3": x})["Plus214_Output_0"].argmax() == 7
