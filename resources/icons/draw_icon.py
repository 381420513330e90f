"""Draw Fieldwork's application icon: a case file with a tick on a dark-blue tile.

Run `python resources/icons/draw_icon.py` after changing the design; it writes fieldwork.png (window
icon), fieldwork.ico (Windows executable and file association) and fieldwork.icns (macOS app bundle).
Drawn at 1024 px and scaled down, so every size is smooth.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZE = 1024
TILE = (23, 62, 112, 255)  # the dark blue of the report tables' header row
PAPER = (250, 250, 247, 255)
INK = (120, 133, 150, 255)
TICK = (0, 140, 95, 255)


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((40, 40, SIZE - 40, SIZE - 40), radius=200, fill=TILE)
    # the case file: a sheet with a folded corner and three lines of notes
    sheet = [(250, 170), (640, 170), (780, 310), (780, 860), (250, 860)]
    pen.polygon(sheet, fill=PAPER)
    pen.polygon([(640, 170), (640, 310), (780, 310)], fill=(205, 212, 222, 255))
    for y in (380, 470, 560):
        pen.rounded_rectangle((320, y, 700, y + 34), radius=17, fill=INK)
    # the tick: the case is graded
    pen.line([(360, 700), (450, 790), (640, 610)], fill=TICK, width=70, joint="curve")
    for x, y in ((360, 700), (640, 610)):
        pen.ellipse((x - 35, y - 35, x + 35, y + 35), fill=TICK)
    return image


def main() -> None:
    image = draw()
    image.resize((256, 256), Image.Resampling.LANCZOS).save(HERE / "fieldwork.png")
    image.save(HERE / "fieldwork.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128),
                                              (256, 256)])
    image.save(HERE / "fieldwork.icns")


if __name__ == "__main__":
    main()
