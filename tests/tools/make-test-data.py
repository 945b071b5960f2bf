#!/usr/bin/env python3
"""Writes the small files the CLI tests use into OUTDIR, with the Python
standard library only (no numpy, no onnx):

  tiny.onnx       X float [N,3,2,2] (N symbolic) -> Relu -> Y, and -> Neg -> Z
  x.npy           X for a batch of 2: values (i - 12) / 4
  y.npy, z.npy    the expected Relu and Neg outputs
  x_f8.npy        X as float64        (converted on reading)
  x_be.npy        X as big-endian f4  (byte-swapped on reading)
  x_i4.npy        X * 4 as int32 and y_i4.npy, its expected Relu
  x_nhwc.npy      X laid out [2,2,2,3] (for --input-order nhwc)
  x_flat.npy      X as [24]           (same volume: accepted with a warning)
  x_bad.npy       [2,3,2,3]           (does not fit: an error)
  x_b1.npy, y_b1.npy  the first batch item only, and its Relu
"""
import os
import struct
import sys


# ---- protobuf encoding, just what an ONNX model needs -----------------------

def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def field_bytes(number, data):
    if isinstance(data, str):
        data = data.encode()
    return varint(number << 3 | 2) + varint(len(data)) + data


def tensor_type(elem_type, dims):
    shape = b"".join(
        field_bytes(1, field_bytes(2, d) if isinstance(d, str) else field_varint(1, d))
        for d in dims)
    tensor = field_varint(1, elem_type) + field_bytes(2, shape)
    return field_bytes(1, tensor)  # TypeProto.tensor_type


def value_info(name, elem_type, dims):
    return field_bytes(1, name) + field_bytes(2, tensor_type(elem_type, dims))


def node(op_type, inputs, outputs, name):
    return (b"".join(field_bytes(1, i) for i in inputs) +
            b"".join(field_bytes(2, o) for o in outputs) +
            field_bytes(3, name) + field_bytes(4, op_type))


FLOAT = 1


def tiny_model():
    graph = (field_bytes(1, node("Relu", ["X"], ["Y"], "relu")) +
             field_bytes(1, node("Neg", ["X"], ["Z"], "neg")) +
             field_bytes(2, "tiny") +
             field_bytes(11, value_info("X", FLOAT, ["N", 3, 2, 2])) +
             field_bytes(12, value_info("Y", FLOAT, ["N", 3, 2, 2])) +
             field_bytes(12, value_info("Z", FLOAT, ["N", 3, 2, 2])))
    opset = field_bytes(1, "") + field_varint(2, 13)
    return (field_varint(1, 7) + field_bytes(2, "trtinfer-tests") +
            field_bytes(7, graph) + field_bytes(8, opset))


# ---- .npy ------------------------------------------------------------------

def npy(descr, shape, values):
    fmt = {"<f4": "<f", ">f4": ">f", "<f8": "<d", "<i4": "<i"}[descr]
    shape_text = "(" + "".join(f"{d}, " for d in shape).rstrip(" ")
    if len(shape) > 1:
        shape_text = shape_text.rstrip(",")
    shape_text += ")"
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape_text}, }}"
    total = 10 + len(header) + 1
    header += " " * ((total + 63) // 64 * 64 - total) + "\n"
    data = b"".join(struct.pack(fmt, v) for v in values)
    return (b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) +
            header.encode("latin1") + data)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)

    def write(name, data):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)

    write("tiny.onnx", tiny_model())
    shape = [2, 3, 2, 2]
    x = [(i - 12) / 4 for i in range(24)]
    relu = [max(v, 0.0) for v in x]
    write("x.npy", npy("<f4", shape, x))
    write("y.npy", npy("<f4", shape, relu))
    write("z.npy", npy("<f4", shape, [-v for v in x]))
    write("x_f8.npy", npy("<f8", shape, x))
    write("x_be.npy", npy(">f4", shape, x))
    xi = [i - 12 for i in range(24)]
    write("x_i4.npy", npy("<i4", shape, xi))
    write("y_i4.npy", npy("<f4", shape, [float(max(v, 0)) for v in xi]))
    n, c, h, w = shape
    nhwc = [x[((b * c + ch) * h + y) * w + xx]
            for b in range(n) for y in range(h) for xx in range(w) for ch in range(c)]
    write("x_nhwc.npy", npy("<f4", [n, h, w, c], nhwc))
    write("x_flat.npy", npy("<f4", [24], x))
    write("x_bad.npy", npy("<f4", [2, 3, 2, 3], [0.0] * 36))
    write("x_b1.npy", npy("<f4", [1, 3, 2, 2], x[:12]))
    write("y_b1.npy", npy("<f4", [1, 3, 2, 2], relu[:12]))


if __name__ == "__main__":
    main()
