#!/usr/bin/env python3
"""The trtinfer GStreamer element's results, read from Python (PyGObject):
the "trtinfer" element messages on the bus, and the region-of-interest
metadata attached to each buffer for detected objects.

    python3 python/examples/gst_results.py            # the ten MNIST digits
    python3 python/examples/gst_results.py --faces    # faces on a photo

Needs python3-gi, gir1.2-gstreamer-1.0 and gir1.2-gst-plugins-base-1.0, and
the trtinfer plugin: installed, or in the build tree (build/gst/trtinfer,
or --plugin-path). Prints, per frame, the message's best class (classifier)
or its detections, then each region of interest of that frame's buffer.
"""
import argparse
import os
import sys
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED_MODELS = Path(os.environ.get("TRTINFER_SHARED_MODELS", REPO.parent / "shared" / "models"))

MNIST = (f"multifilesrc location={REPO}/models/mnist/%d.png index=0 stop-index=9 "
         "caps=image/png,framerate=1/1 ! pngdec ! videoconvert ! "
         f"trtinfer name=infer model={REPO}/models/mnist.onnx model-color-format=gray "
         "net-scale-factor=-0.00392156862745098 offsets=255 "
         f"labels-file={REPO}/models/labels/mnist.txt ! fakesink sync=false")

FACES = ("filesrc location={image} ! jpegdec ! videoconvert ! "
         f"trtinfer name=infer model={SHARED_MODELS}/onnx/ultraface/version-RFB-320.onnx "
         "network-type=detector net-scale-factor=0.0078125 offsets=127 threshold=0.7 "
         f"labels-file={REPO}/models/labels/ultraface.txt ! fakesink sync=false")


def structures_in(structure, field):
    """The structures of a list field ("classifications", "detections").
    Without gst-python's overrides a GstValueList is read through the older
    get_list, which PyGObject marks as deprecated."""
    if not structure.has_field(field):
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ok, values = structure.get_list(field)
        # copies: the structures live in `values`, which goes with this call
        return [values.get_nth(i).copy() for i in range(values.n_values)] if ok else []


def describe_message(s):
    """One line for a "trtinfer" element message."""
    line = f"frame {s.get_value('frame')}:"
    if s.has_field("label"):
        line += f" label={s.get_value('label')} confidence={s.get_value('confidence'):.4f}"
    detections = structures_in(s, "detections")
    if s.has_field("detections"):
        line += f" {len(detections)} detections"
    for d in detections:
        line += (f"\n  detection {d.get_value('label')} ({d.get_value('confidence'):.3f}) at "
                 f"{d.get_value('x')},{d.get_value('y')} "
                 f"{d.get_value('width')}x{d.get_value('height')}")
    return line


def regions_of_interest(buffer, Gst, GLib, GstVideo):
    """The buffer's GstVideoRegionOfInterestMeta, as text. The element numbers
    them 0, 1, ... in detection order (skipping boxes that round to
    nothing), so they are looked up by id until all are found."""
    count = buffer.get_n_meta(GstVideo.video_region_of_interest_meta_api_get_type())
    lines, roi_id = [], 0
    while len(lines) < count and roi_id < 1 << 16:
        roi = GstVideo.buffer_get_video_region_of_interest_meta_id(buffer, roi_id)
        roi_id += 1
        if roi is None:
            continue
        line = (f"  roi {roi.id} '{GLib.quark_to_string(roi.roi_type)}' at "
                f"{roi.x},{roi.y} {roi.w}x{roi.h}")
        param = roi.get_param("trtinfer/detection")
        if param is not None:
            line += (f" class-id={param.get_value('class-id')} "
                     f"confidence={param.get_value('confidence'):.3f}")
        lines.append(line)
    return lines


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--faces", nargs="?", const=str(SHARED_MODELS / "images" / "faces_4people.jpg"),
                      metavar="JPEG", help="detect faces on a photo (default: the shared one)")
    args.add_argument("--plugin-path", default=str(REPO / "build" / "gst" / "trtinfer"),
                      help="folder of libgsttrtinfer.so when it is not installed")
    args = args.parse_args()

    if Path(args.plugin_path).is_dir():
        os.environ["GST_PLUGIN_PATH"] = os.pathsep.join(
            p for p in (args.plugin_path, os.environ.get("GST_PLUGIN_PATH")) if p)
    import gi
    gi.require_version("Gst", "1.0")
    gi.require_version("GstVideo", "1.0")
    from gi.repository import GLib, Gst, GstVideo
    Gst.init(None)
    if Gst.ElementFactory.find("trtinfer") is None:
        print("skipped: no trtinfer GStreamer plugin (build it, or give --plugin-path)",
              file=sys.stderr)
        return 77
    if args.faces and not Path(args.faces).exists():
        print(f"skipped: {args.faces} is not there", file=sys.stderr)
        return 77

    pipeline = Gst.parse_launch(FACES.format(image=args.faces) if args.faces else MNIST)
    frames = {}  # frame number -> region-of-interest lines, from the pad probe

    def on_buffer(pad, info):
        frames[len(frames)] = regions_of_interest(info.get_buffer(), Gst, GLib, GstVideo)
        return Gst.PadProbeReturn.OK

    pipeline.get_by_name("infer").get_static_pad("src").add_probe(
        Gst.PadProbeType.BUFFER, on_buffer)
    pipeline.set_state(Gst.State.PLAYING)
    bus, status, messages = pipeline.get_bus(), 0, []
    while True:
        message = bus.timed_pop_filtered(
            60 * Gst.SECOND, Gst.MessageType.ELEMENT | Gst.MessageType.EOS | Gst.MessageType.ERROR)
        if message is None:
            print("error: the pipeline did not finish in 60 s", file=sys.stderr)
            status = 1
            break
        if message.type == Gst.MessageType.ERROR:
            error, debug = message.parse_error()
            print(f"error: {error.message} ({debug})", file=sys.stderr)
            status = 1
            break
        if message.type == Gst.MessageType.EOS:
            break
        structure = message.get_structure()
        if structure is not None and structure.get_name() == "trtinfer":
            messages.append(structure.copy())
    pipeline.set_state(Gst.State.NULL)

    for s in messages:
        print(describe_message(s))
        for line in frames.get(s.get_value("frame"), []):
            print(line)
    if not messages:
        print("error: no trtinfer message came", file=sys.stderr)
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
