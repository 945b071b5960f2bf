#!/usr/bin/env python3
"""Writes a copy of an ONNX model that runs at batch N.

Most zoo models are exported at batch 1: the input says [1, ...] and the
Reshape before the classifier reshapes to a constant [1, ...]. Both engines
then refuse batch 8 (onnxruntime checks the input's dims, trtinfer the
reshape). This copy declares the input, outputs and value infos with batch N
and makes each constant Reshape target that starts with 1 start with 0
("copy the input's dim" in ONNX), so the same graph runs at any batch.

Works on the protobuf wire format (no onnx package needed):

    batch-model.py MODEL.onnx N OUT.onnx
"""
import struct
import sys

# Field numbers (onnx.proto).
MODEL_GRAPH = 7
GRAPH_NODE, GRAPH_INITIALIZER, GRAPH_INPUT, GRAPH_OUTPUT, GRAPH_VALUE_INFO = 1, 5, 11, 12, 13
NODE_INPUT, NODE_OUTPUT, NODE_OP_TYPE, NODE_ATTRIBUTE = 1, 2, 4, 5
ATTR_T = 5
TENSOR_DIMS, TENSOR_DATA_TYPE, TENSOR_INT64_DATA, TENSOR_NAME, TENSOR_RAW_DATA = 1, 2, 7, 8, 9
VALUE_INFO_NAME, VALUE_INFO_TYPE = 1, 2
TYPE_TENSOR, TENSOR_TYPE_SHAPE, SHAPE_DIM, DIM_VALUE = 1, 2, 1, 1
INT64 = 7


def varint(data, pos):
    value = shift = 0
    while True:
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, pos


def put_varint(value):
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = value & 0x7F
        value >>= 7
        if value:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def parse(data):
    """A message as a list of [field, wire type, value] (bytes for length-
    delimited fields, int for varints, raw bytes for fixed ones)."""
    fields, pos = [], 0
    while pos < len(data):
        key, pos = varint(data, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(data, pos)
        elif wire == 2:
            n, pos = varint(data, pos)
            value, pos = data[pos:pos + n], pos + n
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"wire type {wire} not supported")
        fields.append([field, wire, value])
    return fields


def serialize(fields):
    out = bytearray()
    for field, wire, value in fields:
        out += put_varint(field << 3 | wire)
        if wire == 0:
            out += put_varint(value)
        elif wire == 2:
            out += put_varint(len(value)) + value
        else:
            out += value
    return bytes(out)


def get(fields, number):
    return [f for f in fields if f[0] == number]


def set_batch(value_info, batch):
    """value_info with its first dim (when it is a value) made `batch`."""
    vi = parse(value_info)
    for t in get(vi, VALUE_INFO_TYPE):
        ty = parse(t[2])
        for tt in get(ty, TYPE_TENSOR):
            tensor = parse(tt[2])
            for sh in get(tensor, TENSOR_TYPE_SHAPE):
                shape = parse(sh[2])
                dims = get(shape, SHAPE_DIM)
                if dims:
                    dims[0][2] = serialize([[DIM_VALUE, 0, batch]])
                sh[2] = serialize(shape)
            tt[2] = serialize(tensor)
        t[2] = serialize(ty)
    return serialize(vi)


def copy_batch_dim(tensor):
    """An int64 shape tensor whose first value 1 becomes 0, or None."""
    t = parse(tensor)
    if not any(f[2] == INT64 for f in get(t, TENSOR_DATA_TYPE)):
        return None
    for raw in get(t, TENSOR_RAW_DATA):
        values = list(struct.unpack(f"<{len(raw[2]) // 8}q", raw[2]))
        if not values or values[0] != 1:
            return None
        values[0] = 0
        raw[2] = struct.pack(f"<{len(values)}q", *values)
        return serialize(t)
    for packed in get(t, TENSOR_INT64_DATA):
        if packed[1] == 2:  # packed varints
            values, pos = [], 0
            while pos < len(packed[2]):
                v, pos = varint(packed[2], pos)
                values.append(v)
            if not values or values[0] != 1:
                return None
            values[0] = 0
            packed[2] = b"".join(put_varint(v) for v in values)
        else:  # one varint per field
            if packed[2] != 1:
                return None
            packed[2] = 0
        return serialize(t)
    return None


def name_of(message, number):
    for f in get(parse(message), number):
        return f[2].decode()
    return None


def main():
    src, batch, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    model = parse(open(src, "rb").read())
    for g in get(model, MODEL_GRAPH):
        graph = parse(g[2])
        nodes = [parse(n[2]) for n in get(graph, GRAPH_NODE)]
        initializers = {name_of(i[2], TENSOR_NAME) for i in get(graph, GRAPH_INITIALIZER)}
        shapes = set()
        for node in nodes:
            op = get(node, NODE_OP_TYPE)[0][2]
            inputs = [f[2].decode() for f in get(node, NODE_INPUT)]
            if op == b"Reshape" and len(inputs) > 1:
                shapes.add(inputs[1])
        for f in graph:
            if f[0] == GRAPH_INITIALIZER and name_of(f[2], TENSOR_NAME) in shapes:
                f[2] = copy_batch_dim(f[2]) or f[2]
            elif f[0] == GRAPH_NODE:
                node = parse(f[2])
                outputs = [o[2].decode() for o in get(node, NODE_OUTPUT)]
                if get(node, NODE_OP_TYPE)[0][2] == b"Constant" and outputs[0] in shapes:
                    for a in get(node, NODE_ATTRIBUTE):
                        attr = parse(a[2])
                        for t in get(attr, ATTR_T):
                            t[2] = copy_batch_dim(t[2]) or t[2]
                        a[2] = serialize(attr)
                    f[2] = serialize(node)
            elif f[0] == GRAPH_INPUT and name_of(f[2], VALUE_INFO_NAME) not in initializers:
                f[2] = set_batch(f[2], batch)
            elif f[0] == GRAPH_OUTPUT:
                f[2] = set_batch(f[2], batch)
        # Inner shapes recorded by the exporter would contradict the new batch.
        graph = [f for f in graph if f[0] != GRAPH_VALUE_INFO]
        g[2] = serialize(graph)
    open(dst, "wb").write(serialize(model))


if __name__ == "__main__":
    main()
