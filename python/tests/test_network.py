"""Networks made from Python, run against NumPy's answers: types, shapes,
broadcasting, batches, and the errors of bad arguments."""
import numpy as np
import pytest

from conftest import CollectingLogger, build
import trtinfer as trt

DataType = trt.infer.DataType
Op = trt.infer.ElementWiseOperation


def elementwise_engine(dtype, a_shape, b_shape, op):
    def fill(network):
        a = network.add_input("a", dtype, a_shape)
        b = network.add_input("b", dtype, b_shape)
        out = network.add_elementwise(a, b, op).get_output(0)
        out.name = "out"
        network.mark_output(out)
    return build(fill)


@pytest.mark.parametrize("dtype", [DataType.FLOAT, DataType.INT32, DataType.INT64])
def test_elementwise_with_broadcasting(dtype):
    rng = np.random.default_rng(1)
    a = rng.integers(-50, 50, (2, 3, 4)).astype(dtype.nptype)
    b = rng.integers(1, 9, (3, 1)).astype(dtype.nptype)
    for op, expected in [(Op.SUM, a + b), (Op.SUB, a - b), (Op.PROD, a * b),
                         (Op.MAX, np.maximum(a, b)), (Op.MIN, np.minimum(a, b))]:
        engine = elementwise_engine(dtype, a.shape, b.shape, op)
        out = engine.infer({"a": a, "b": b})["out"]
        assert out.dtype == dtype.nptype
        np.testing.assert_array_equal(out, expected)


def test_comparisons_give_bool():
    a = np.array([1.0, 2.0, np.nan, 4.0], np.float32)
    b = np.array([2.0, 2.0, 1.0, 3.0], np.float32)
    out = elementwise_engine(DataType.FLOAT, (4,), (4,), Op.LESS).infer({"a": a, "b": b})["out"]
    assert out.dtype == np.bool_
    np.testing.assert_array_equal(out, a < b)


def test_activation_softmax_and_unary():
    def fill(network):
        x = network.add_input("x", DataType.FLOAT, (2, 5))
        relu = network.add_activation(x, trt.infer.ActivationType.RELU).get_output(0)
        soft = network.add_softmax(x, axis=-1).get_output(0)
        exp = network.add_unary(x, trt.infer.UnaryOperation.EXP).get_output(0)
        for tensor, name in [(relu, "relu"), (soft, "softmax"), (exp, "exp")]:
            tensor.name = name
            network.mark_output(tensor)
    x = np.random.default_rng(2).standard_normal((2, 5)).astype(np.float32)
    out = build(fill).infer({"x": x})
    np.testing.assert_array_equal(out["relu"], np.maximum(x, 0))
    e = np.exp(x - x.max(axis=1, keepdims=True))
    np.testing.assert_allclose(out["softmax"], e / e.sum(axis=1, keepdims=True), rtol=1e-6)
    np.testing.assert_allclose(out["exp"], np.exp(x), rtol=1e-6)


def test_shape_layers_and_constants():
    c = np.arange(6, dtype=np.float32).reshape(2, 3)

    def fill(network):
        x = network.add_input("x", DataType.FLOAT, (2, 3))
        k = network.add_constant(c, "k")
        assert k.is_constant() and k.shape == (2, 3) and k.name == "k"
        cat = network.add_concatenation([x, k], axis=0).get_output(0)
        t = network.add_transpose(cat, [1, 0]).get_output(0)
        r = network.add_reshape(t, (0, -1, 2)).get_output(0)
        m = network.add_matrix_multiply(x, network.add_constant(c.T)).get_output(0)
        for tensor, name in [(r, "reshaped"), (m, "product")]:
            tensor.name = name
            network.mark_output(tensor)
    x = np.random.default_rng(3).standard_normal((2, 3)).astype(np.float32)
    out = build(fill).infer({"x": x})
    np.testing.assert_array_equal(out["reshaped"], np.concatenate([x, c]).T.reshape(3, -1, 2))
    np.testing.assert_allclose(out["product"], x @ c.T, rtol=1e-6)


def test_fully_connected_is_x_times_w_transposed_plus_b():
    rng = np.random.default_rng(4)
    w = rng.standard_normal((3, 5)).astype(np.float32)
    b = rng.standard_normal(3).astype(np.float32)

    def fill(network):
        x = network.add_input("x", DataType.FLOAT, (4, 5))
        y = network.add_fully_connected(x, 3, w, b).get_output(0)
        y.name = "y"
        network.mark_output(y)
    x = rng.standard_normal((4, 5)).astype(np.float32)
    np.testing.assert_allclose(build(fill).infer({"x": x})["y"], x @ w.T + b, rtol=1e-5)


def test_batch_dimension():
    """-1 first dims take the max batch; infer takes 1..max items, with or
    without the batch dim, and refuses more."""
    def fill(network):
        x = network.add_input("x", DataType.FLOAT, (-1, 3))
        y = network.add_activation(x, trt.infer.ActivationType.RELU).get_output(0)
        y.name = "y"
        network.mark_output(y)
    engine = build(fill, max_batch_size=4)
    assert engine.max_batch_size == 4
    assert engine.get_binding_dimensions(0) == (4, 3)
    x = np.array([[-1, 2, -3], [4, -5, 6]], np.float32)
    assert engine.infer({"x": x})["y"].tolist() == [[0, 2, 0], [4, 0, 6]]
    assert engine.infer({"x": x[0]})["y"].tolist() == [[0, 2, 0]]
    with pytest.raises(ValueError, match="N in 1..4"):
        engine.infer({"x": np.zeros((5, 3), np.float32)})
    context = engine.create_execution_context()
    out = np.zeros((4, 3), np.float32)
    context.execute(2, [np.ascontiguousarray(np.tile(x, (2, 1))), out])
    assert context.get_binding_dimensions(1) == (2, 3)
    with pytest.raises(trt.TrtError, match="outside 1..4"):
        context.execute(9, [0x1000, 0x1000])


def test_empty_and_scalar_tensors():
    def fill(network):
        x = network.add_input("x", DataType.FLOAT, (0, 3))
        s = network.add_input("s", DataType.FLOAT, ())
        for i, tensor in enumerate([network.add_unary(x, trt.infer.UnaryOperation.NEG),
                                    network.add_unary(s, trt.infer.UnaryOperation.NEG)]):
            out = tensor.get_output(0)
            out.name = f"out{i}"
            network.mark_output(out)
    out = build(fill).infer({"x": np.zeros((0, 3), np.float32), "s": np.float32(2.5)})
    assert out["out0"].shape == (0, 3)
    assert out["out1"].shape == () and out["out1"] == -2.5


def test_tensors_and_layers_describe_themselves():
    network = trt.infer.create_infer_builder(CollectingLogger()).create_network()
    x = network.add_input("x", DataType.INT32, (-1, 7))
    assert (x.name, x.dtype, x.shape) == ("x", DataType.INT32, (-1, 7))
    assert x.is_network_input() and not x.is_network_output()
    layer = network.add_unary(x, trt.infer.UnaryOperation.ABS)
    layer.name = "abs"
    assert network.get_layer(0).name == "abs"
    assert layer.get_nb_inputs() == 1 and layer.get_input(0) == x
    out = layer.get_output(0)
    network.mark_output(out)
    assert network.get_output(0) == out and out.is_network_output()
    assert network.find_tensor("x") == x and network.find_tensor("nope") is None
    network.unmark_output(out)
    assert network.num_outputs == 0
    with pytest.raises(IndexError):
        network.get_input(1)
    with pytest.raises(IndexError):
        layer.get_output(-1)


def test_bad_arguments_raise():
    builder = trt.infer.create_infer_builder(CollectingLogger())
    network, other = builder.create_network(), builder.create_network()
    x = network.add_input("x", DataType.FLOAT, (2,))
    with pytest.raises(ValueError, match="another network"):
        other.mark_output(x)
    with pytest.raises(TypeError):
        network.mark_output("x")
    with pytest.raises(ValueError, match="more than 8"):
        network.add_input("y", DataType.FLOAT, (1,) * 9)
    with pytest.raises(trt.TrtError, match="invalid name, type or dims"):
        network.add_input("z", DataType.FLOAT, (-2,))
    with pytest.raises(ValueError):
        network.add_input("w", 99, (1,))
    with pytest.raises(TypeError, match="no element type"):
        network.add_constant(np.zeros(2, np.complex64))
    with pytest.raises(ValueError):
        builder.set_backend("tpu")
    with pytest.raises(ValueError):
        builder.set_max_batch_size(0)
    network.destroy()
    with pytest.raises(ValueError, match="destroyed"):
        network.get_nb_inputs()
    assert x.name == "x"  # the network lives on while its tensors are referenced


def test_build_errors_carry_the_library_message():
    def fill(network):
        a = network.add_input("a", DataType.FLOAT, (2, 3))
        b = network.add_input("b", DataType.FLOAT, (4,))
        out = network.add_elementwise(a, b, Op.SUM).get_output(0)
        network.mark_output(out)
    with pytest.raises(trt.TrtError) as error:
        build(fill)
    assert "broadcast" in str(error.value) or "shape" in str(error.value)


def test_builder_settings():
    builder = trt.infer.create_infer_builder(CollectingLogger())
    builder.max_batch_size = 8
    builder.max_workspace_size = 1 << 20
    builder.fp16_mode = True
    builder.set_int8_mode(False)
    assert (builder.get_max_batch_size(), builder.get_max_workspace_size()) == (8, 1 << 20)
    assert builder.get_half2_mode() and not builder.int8_mode
    builder.set_backend(trt.infer.Backend.CPU)
    assert builder.backend == trt.infer.Backend.CPU
