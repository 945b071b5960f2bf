"""The Caffe parser: the MNIST model of ../shared/models (skipped when it
is absent) and small nets written here, blob maps, mean files and errors."""
import numpy as np
import pytest

from conftest import CollectingLogger, shared
import trtinfer as trt
from trtinfer.parsers import caffeparser

SMALL_NET = """
input: "x"
input_shape { dim: 1 dim: 4 }
layer { name: "relu" type: "ReLU" bottom: "x" top: "y" }
layer { name: "scale" type: "Power" bottom: "y" top: "y" power_param { scale: 2 } }
"""


@pytest.fixture
def network():
    return trt.infer.create_infer_builder(CollectingLogger()).create_network()


@pytest.fixture
def mnist_files():
    return (str(shared("mnist", "mnist.prototxt")), str(shared("mnist", "mnist.caffemodel")),
            str(shared("mnist", "mnist_mean.binaryproto")))


def test_small_net_from_a_deploy_file_alone(tmp_path, network):
    deploy = tmp_path / "small.prototxt"
    deploy.write_text(SMALL_NET)
    blobs = caffeparser.create_caffe_parser().parse(str(deploy), None, network,
                                                    trt.infer.DataType.FLOAT)
    assert "y" in blobs and "nope" not in blobs and blobs.find("nope") is None
    network.mark_output(blobs["y"])  # the in-place blob's newest value
    engine = trt.infer.create_infer_builder(CollectingLogger()).build_cuda_engine(network)
    x = np.array([[-1, 0.5, 2, -3]], np.float32)
    np.testing.assert_array_equal(engine.infer({"x": x})["y"], 2 * np.maximum(x, 0))
    with pytest.raises(KeyError):
        blobs["nope"]


def test_mnist_digits_classified(mnist_files, network, digits):
    deploy, model, mean_file = mnist_files
    parser = caffeparser.create_caffe_parser()
    blob_name_to_tensor = parser.parse(deploy, model, network, trt.infer.DataType.FLOAT)
    network.mark_output(blob_name_to_tensor.find("prob"))
    mean = parser.parse_binary_proto(mean_file)
    assert mean.shape == (1, 1, 28, 28) and mean.dtype == np.float32
    assert mean.min() >= 115 and mean.max() <= 255
    engine = trt.infer.create_infer_builder(CollectingLogger()).build_cuda_engine(network)
    for digit, image in digits:
        prob = engine.infer({"data": image.astype(np.float32).reshape(mean.shape) - mean})["prob"]
        assert prob.argmax() == digit
        assert abs(prob.sum() - 1) < 1e-5


def test_outputs_match_opencv(mnist_files):
    deploy, model, _ = mnist_files
    engine = trt.utils.caffe_to_trt_engine(CollectingLogger(), deploy, model, 1, 1 << 20,
                                           ["prob"])
    for n in range(10):
        folder = shared("mnist", "ref_caffe_opencv", f"test_data_set_{n}")
        x = trt.utils.read_tensor_file(folder / "input_0.pb")
        expected = trt.utils.read_tensor_file(folder / "output_0.pb")
        np.testing.assert_allclose(engine.infer({"data": x})["prob"].reshape(expected.shape),
                                   expected, rtol=1e-4, atol=1e-5)


def test_files_given_the_other_way_round(mnist_files, network):
    deploy, model, _ = mnist_files
    blobs = caffeparser.create_caffe_parser().parse(model, deploy, network,
                                                    trt.infer.DataType.FLOAT)
    assert blobs.find("prob") is not None


def test_blob_map_goes_stale_when_the_parser_parses_again(tmp_path):
    deploy = tmp_path / "small.prototxt"
    deploy.write_text(SMALL_NET)
    builder = trt.infer.create_infer_builder(CollectingLogger())
    parser = caffeparser.create_caffe_parser()
    first = parser.parse(str(deploy), None, builder.create_network())
    y = first.find("y")
    second = parser.parse(str(deploy), None, builder.create_network())
    with pytest.raises(ValueError, match="stale"):
        first.find("y")
    assert second.find("y") != y  # another network's tensor
    parser.destroy()
    assert second.find("x").name == "x"  # the map keeps its parser alive


def test_syntax_errors_give_line_and_column(tmp_path, network):
    deploy = tmp_path / "bad.prototxt"
    deploy.write_text('input: "x"\nlayer { name: "a" type: "ReLU" bottom: "x" top: "y" \n')
    logger = CollectingLogger()
    parser = caffeparser.create_caffe_parser()
    parser.set_logger(logger)
    with pytest.raises(trt.TrtError, match=r"bad.prototxt:\d+:\d+"):
        parser.parse(str(deploy), None, network)
    assert any(s == trt.infer.LogSeverity.ERROR for s, _ in logger.messages)


def test_missing_and_foreign_files(tmp_path, network, mnist_files):
    parser = caffeparser.create_caffe_parser()
    with pytest.raises(trt.TrtError, match="missing.prototxt"):
        parser.parse(str(tmp_path / "missing.prototxt"), None, network)
    with pytest.raises(trt.TrtError, match="missing.binaryproto") as error:
        parser.parse_binary_proto(str(tmp_path / "missing.binaryproto"))
    assert error.value.status == "FILE_ERROR"
    garbage = tmp_path / "garbage.binaryproto"
    garbage.write_bytes(np.random.default_rng(6).bytes(999))
    with pytest.raises(trt.TrtError, match="garbage.binaryproto"):
        parser.parse_binary_proto(str(garbage))
    deploy, _, _ = mnist_files
    with pytest.raises(trt.TrtError):  # ONNX bytes as Caffe weights
        parser.parse(deploy, str(shared("mnist", "mnist.onnx")), network)
    with pytest.raises(TypeError):
        parser.parse(deploy, None, "network")


def test_caffe_to_trt_engine_names_a_missing_output(mnist_files):
    deploy, model, _ = mnist_files
    with pytest.raises(ValueError, match="no blob 'nope'"):
        trt.utils.caffe_to_trt_engine(CollectingLogger(), deploy, model, 1, 1 << 20, ["nope"])
