"""Draws the app's icons (a white globe on the app's blue) into assets/: run it again after a
change of design or colour, and commit the PNGs.

    python tools/build_icons.py

- assets/icons/icon-{192,512}.png: rounded square with transparent corners (manifest "any");
- assets/icons/icon-maskable-{192,512}.png: full bleed, the globe inside the central 80%
  circle every platform's mask keeps (manifest "maskable");
- assets/icons/apple-touch-icon.png (180) and favicon-32.png;
- assets/icon.png (1024, full bleed): what `flet build` turns into the Android, iOS and web
  launcher icons; the globe stays within Android's adaptive-icon safe zone.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets"
BLUE = (11, 79, 138, 255)  # app/theme.py PRIMARY, #0B4F8A
WHITE = (255, 255, 255, 255)
SUPERSAMPLE = 4


def globe(draw: ImageDraw.ImageDraw, size: int, radius_share: float) -> None:
    """A globe of radius `radius_share` x size, centred: outline, equator, two latitudes,
    the central meridian and one meridian ellipse."""
    c = size / 2
    r = size * radius_share
    w = max(2, round(size * 0.032))
    draw.ellipse((c - r, c - r, c + r, c + r), outline=WHITE, width=w)
    draw.line((c, c - r, c, c + r), fill=WHITE, width=w)
    draw.line((c - r, c, c + r, c), fill=WHITE, width=w)
    draw.ellipse((c - r * 0.5, c - r, c + r * 0.5, c + r), outline=WHITE, width=w)
    for dy in (-0.5, 0.5):  # latitudes: chords of the circle
        y = c + r * dy
        half = r * (1 - dy * dy) ** 0.5 - w / 2  # ends inside the outline
        draw.line((c - half, y, c + half, y), fill=WHITE, width=w)


def icon(size: int, *, rounded: bool, radius_share: float) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(big * 0.2), fill=BLUE)
    else:
        draw.rectangle((0, 0, big, big), fill=BLUE)
    globe(draw, big, radius_share)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def save(image: Image.Image, path: Path, *, opaque: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    (image.convert("RGB") if opaque else image).save(path, optimize=True)
    print(f"{path.relative_to(ROOT)}: {image.size[0]}x{image.size[1]}")


def main() -> None:
    icons = OUT / "icons"
    for size in (192, 512):
        save(icon(size, rounded=True, radius_share=0.34), icons / f"icon-{size}.png")
        # Maskable: the globe (radius 0.30) is well inside the safe circle (radius 0.40).
        save(icon(size, rounded=False, radius_share=0.30), icons / f"icon-maskable-{size}.png",
             opaque=True)
    save(icon(180, rounded=False, radius_share=0.32), icons / "apple-touch-icon.png",
         opaque=True)
    save(icon(32, rounded=True, radius_share=0.36), icons / "favicon-32.png")
    # Android's adaptive icons keep the central 66%: radius 0.28 leaves a margin.
    save(icon(1024, rounded=False, radius_share=0.28), OUT / "icon.png", opaque=True)


if __name__ == "__main__":
    main()
