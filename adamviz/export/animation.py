"""Animations of the trajectories growing step by step: GIF (Pillow) and MP4 (ffmpeg via imageio-ffmpeg).

One frame per shown step (formats.frame_steps): the scene is built once and
fed each run's points up to that step, rendered into one reused image.

GIF: every frame is mapped onto one palette taken from the final picture (so
colours do not flicker), held in memory as 1 byte a pixel and written at the
end; the last frame rests GIF_HOLD_S before the loop starts again.
MP4: H.264 (yuv420p, CRF 20), frames piped to ffmpeg as they are made.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
from collections.abc import Callable
from pathlib import Path

from adamviz.export import qt as qx
from adamviz.export.formats import GIF_HOLD_S

Tick = Callable[[], None]
"""Called after each frame: reports progress and raises to cancel."""


def frames(scene, steps: list[int], each: Callable, tick: Tick) -> None:
    image = qx.new_image(scene.size, scene.base_theme.background)
    with scene.animating():
        for step in steps:
            scene.show_step(step)
            scene.render(image)
            each(image)
            tick()


GIF_FRAMES_AHEAD = 8
"""Frames rendered but not yet mapped onto the palette, at most (each an RGB copy in memory)."""


def write_gif(path: Path, scene, steps: list[int], fps: float, tick: Tick) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from PIL import Image

    palette = _palette(scene, steps[-1])
    mapped = []
    # Mapping a frame onto the palette (Pillow, which lets go of the interpreter lock) takes half as long as
    # rendering it: on a second core, while Qt renders the next.
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="adamviz-gif")

    def add(image) -> None:
        if len(mapped) >= GIF_FRAMES_AHEAD:
            mapped[-GIF_FRAMES_AHEAD].result()
        picture = qx.pil_image(image)  # a copy: the next frame is drawn into the same image
        mapped.append(pool.submit(picture.quantize, palette=palette, dither=Image.Dither.FLOYDSTEINBERG))

    try:
        frames(scene, steps, add, tick)
        held = [frame.result() for frame in mapped]
    finally:
        pool.shutdown(cancel_futures=True)
    frame_ms = 1000.0 / fps
    durations = [frame_ms] * (len(held) - 1) + [max(frame_ms, GIF_HOLD_S * 1000)]
    with open(path, "wb") as handle:
        held[0].save(handle, format="GIF", save_all=True, append_images=held[1:], duration=durations,
                     loop=0, optimize=False, disposal=1)


def _palette(scene, last_step: int):
    """A 256-colour palette from the final picture (every run and the whole surface are in it)."""
    from PIL import Image

    scene.show_step(last_step)
    picture = qx.pil_image(scene.render())
    scene.restart()
    return picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def write_mp4(path: Path, scene, steps: list[int], fps: float, tick: Tick) -> None:
    import imageio_ffmpeg

    width, height = scene.size
    writer = imageio_ffmpeg.write_frames(
        str(path), (width, height), fps=fps, codec="libx264", pix_fmt_in="bgra", pix_fmt_out="yuv420p",
        quality=None, macro_block_size=2, ffmpeg_log_level="quiet",
        output_params=["-crf", "20", "-preset", "veryfast", "-movflags", "+faststart"],
    )
    writer.send(None)

    def add(image) -> None:
        try:
            writer.send(bytes(image.constBits()))  # Format_RGB32 is B, G, R, 255 in memory: ffmpeg's bgra
        except OSError:
            raise _encoder_failed(path) from None

    try:
        frames(scene, steps, add, tick)
    except BaseException:
        with contextlib.suppress(BaseException):
            writer.throw(KeyboardInterrupt())  # kills ffmpeg at once instead of letting it finish the file
        raise
    try:
        writer.close()  # ffmpeg writes the index and exits
    except OSError:
        raise _encoder_failed(path) from None
    if not path.exists() or path.stat().st_size == 0:
        raise _encoder_failed(path)


def _encoder_failed(path: Path) -> OSError:
    """ffmpeg does not say why it stopped (it runs quiet); a nearly full disk is the usual reason."""
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        free = None
    if free is not None and free < 16_000_000:
        return OSError(errno.ENOSPC, "the disk is full")
    return OSError(errno.EIO, "the video encoder (ffmpeg) failed")
