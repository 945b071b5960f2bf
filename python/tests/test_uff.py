"""The UFF/TensorFlow parser on the MNIST models of ../shared/models: a
binary .uff and a frozen GraphDef, against numpy references. Skipped when
the library has no UFF parser or the models are absent."""
import numpy as np
import pytest

from conftest import CollectingLogger, shared
import trtinfer as trt
from trtinfer import _lib
from trtinfer.parsers import uffparser

pytestmark = pytest.mark.skipif(not _lib.has("trt_uff_parser_new"),
                                reason="this libtrtinfer has no UFF/TensorFlow parser")

# (file, input, output, reference folder)
MODELS = [
    (("tf_uff", "mnist_mlp.uff"), "input_1", "dense_1/Softmax", ("tf_uff", "ref")),
    (("tf_uff", "mnist_mlp_frozen.pb"), "input_1", "dense_1/Softmax", ("tf_uff", "ref")),
    (("mnist", "lenet5_mnist_frozen.pb"), "in", "out", ("mnist", "ref_tf_lenet5")),
]


def engine_for(model, input_name, output_name, order, max_batch=1):
    parser = uffparser.create_uff_parser()
    assert parser.register_input(input_name, (1, 28, 28), order)
    assert parser.register_output(output_name)
    return trt.utils.uff_to_trt_engine(CollectingLogger(), str(model), parser, max_batch, 1 << 20)


@pytest.mark.parametrize("parts, input_name, output_name, ref", MODELS)
def test_outputs_match_the_reference(parts, input_name, output_name, ref):
    """The references are fed NHWC [1, 28, 28, 1], as TensorFlow takes them."""
    engine = engine_for(shared(*parts), input_name, output_name, uffparser.UffInputOrder.NHWC)
    assert engine.get_binding_dimensions(0) == (1, 28, 28, 1)
    for n in range(10):
        folder = shared(*ref, f"test_data_set_{n}")
        x = trt.utils.read_tensor_file(folder / "input_0.pb")
        expected = trt.utils.read_tensor_file(folder / "output_0.pb")
        got = engine.infer({input_name: x})[output_name]
        np.testing.assert_allclose(got.reshape(expected.shape), expected, rtol=1e-3, atol=1e-5)
        assert got.argmax() == n


@pytest.mark.parametrize("parts, input_name, output_name, ref", MODELS)
def test_digits_fed_channels_first_in_a_batch(parts, input_name, output_name, ref, digits):
    engine = engine_for(shared(*parts), input_name, output_name, 0, max_batch=10)
    assert engine.get_binding_dimensions(0) == (10, 1, 28, 28)
    batch = np.stack([1 - image.astype(np.float32) / 255 for _, image in digits])[:, None]
    scores = engine.infer({input_name: batch})[output_name]
    assert scores.shape[0] == 10
    assert scores.reshape(10, -1).argmax(axis=1).tolist() == list(range(10))


def test_model_given_as_bytes(digits):
    model = shared("tf_uff", "mnist_mlp.uff")
    parser = uffparser.create_uff_parser()
    parser.register_input("input_1", (1, 28, 28), 0)
    parser.register_output("dense_1/Softmax")
    engine = trt.utils.uff_to_trt_engine(CollectingLogger(), model.read_bytes(), parser, 1,
                                         1 << 20)
    x = (1 - digits[4][1].astype(np.float32) / 255).reshape(1, 28, 28)
    assert engine.infer({"input_1": x})["dense_1/Softmax"].argmax() == 4


def test_bad_files_and_names_raise(tmp_path):
    network = trt.infer.create_infer_builder(CollectingLogger()).create_network()
    parser = uffparser.create_uff_parser()
    with pytest.raises(trt.TrtError, match="missing.uff"):
        parser.parse(str(tmp_path / "missing.uff"), network)
    garbage = tmp_path / "garbage.uff"
    garbage.write_bytes(np.random.default_rng(7).bytes(2000))
    with pytest.raises(trt.TrtError, match="garbage.uff"):
        parser.parse(str(garbage), network)
    with pytest.raises(trt.TrtError):
        parser.parse(b"\x00\x01\x02", network)
    parser.register_input("input_1", (1, 28, 28), 0)
    parser.register_output("no/such/node")
    with pytest.raises(trt.TrtError, match="no/such/node"):
        parser.parse(str(shared("tf_uff", "mnist_mlp.uff")), network)
    with pytest.raises(ValueError):
        parser.register_input("x", (1, 28, 28), 7)
    with pytest.raises(TypeError):
        parser.parse(str(garbage), "network")
