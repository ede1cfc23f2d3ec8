#!/usr/bin/python3
"""Renders a tmux capture (`capture-pane -e -p`: text with SGR colour codes)
to a PNG, cell by cell, with a monospace font: what the terminal showed,
colours and attributes included. Used by scripts/screenshots.

usage: ansi-to-png.py CAPTURE COLS ROWS OUT.png
Needs python3-pil and fonts-dejavu-core (Debian).
"""
import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
SIZE = 15
DEFAULT_FG = (208, 208, 208)
DEFAULT_BG = (24, 26, 32)
# The 16 terminal colours (xterm's defaults, a little softened).
BASE16 = [
    (0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16),
    (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
    (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67),
    (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255),
]
SGR = re.compile(r"\x1b\[([0-9;:]*)m")
OTHER_ESC = re.compile(r"\x1b[\[\]()][0-9;?]*[A-Za-z]")


def color256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


class Pen:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = self.dim = self.reverse = self.underline = False

    def apply(self, params):
        codes = [int(p) if p else 0 for p in re.split("[;:]", params)] if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 2:
                self.dim = True
            elif c == 4:
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 22:
                self.bold = self.dim = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = BASE16[c - 30]
            elif 90 <= c <= 97:
                self.fg = BASE16[c - 90 + 8]
            elif 40 <= c <= 47:
                self.bg = BASE16[c - 40]
            elif 100 <= c <= 107:
                self.bg = BASE16[c - 100 + 8]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    col = color256(codes[i + 2])
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    col = tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    col = None
                if c == 38:
                    self.fg = col
                else:
                    self.bg = col
            i += 1

    def colors(self):
        fg = self.fg or DEFAULT_FG
        bg = self.bg or DEFAULT_BG
        if self.bold and self.fg in BASE16[:8]:
            fg = BASE16[BASE16.index(self.fg) + 8]
        if self.reverse:
            fg, bg = bg, fg
        if self.dim:
            fg = tuple((a + b) // 2 for a, b in zip(fg, bg))
        return fg, bg


def parse(text, cols, rows):
    """Returns rows of cells: (char, fg, bg, bold, underline, width)."""
    pen = Pen()
    grid = []
    for line in text.split("\n")[:rows]:
        cells = []
        pos = 0
        while pos < len(line) and len(cells) < cols:
            m = SGR.match(line, pos)
            if m:
                pen.apply(m.group(1))
                pos = m.end()
                continue
            m = OTHER_ESC.match(line, pos)
            if m:
                pos = m.end()
                continue
            ch = line[pos]
            pos += 1
            wide = unicodedata.east_asian_width(ch) in ("W", "F")
            fg, bg = pen.colors()
            cells.append((ch, fg, bg, pen.bold, pen.underline, 2 if wide else 1))
            if wide:
                cells.append(("", fg, bg, False, False, 0))
        # the rest of the row has the pen's background (tmux trims it)
        fg, bg = pen.colors()
        while len(cells) < cols:
            cells.append((" ", fg, DEFAULT_BG, False, False, 1))
        grid.append(cells)
    while len(grid) < rows:
        grid.append([(" ", DEFAULT_FG, DEFAULT_BG, False, False, 1)] * cols)
    return grid


# Box-drawing characters drawn as lines, so boxes join up exactly:
# (up, down, left, right).
BOX = {
    "─": (0, 0, 1, 1), "│": (1, 1, 0, 0), "┌": (0, 1, 0, 1), "┐": (0, 1, 1, 0),
    "└": (1, 0, 0, 1), "┘": (1, 0, 1, 0), "├": (1, 1, 0, 1), "┤": (1, 1, 1, 0),
    "┬": (0, 1, 1, 1), "┴": (1, 0, 1, 1), "┼": (1, 1, 1, 1),
}


def render(grid, cols, rows, out):
    regular = ImageFont.truetype(FONT_DIR + "DejaVuSansMono.ttf", SIZE)
    bold = ImageFont.truetype(FONT_DIR + "DejaVuSansMono-Bold.ttf", SIZE)
    cw = round(regular.getlength("M"))
    ascent, descent = regular.getmetrics()
    ch_h = ascent + descent + 2
    pad = 8
    img = Image.new("RGB", (cols * cw + 2 * pad, rows * ch_h + 2 * pad), DEFAULT_BG)
    draw = ImageDraw.Draw(img)
    for y, cells in enumerate(grid):
        for x, (ch, fg, bg, is_bold, underline, width) in enumerate(cells):
            if width == 0:
                continue
            x0, y0 = pad + x * cw, pad + y * ch_h
            draw.rectangle([x0, y0, x0 + width * cw - 1, y0 + ch_h - 1], fill=bg)
            if ch in BOX:
                up, down, left, right = BOX[ch]
                cx, cy = x0 + cw // 2, y0 + ch_h // 2
                if left:
                    draw.line([x0, cy, cx, cy], fill=fg)
                if right:
                    draw.line([cx, cy, x0 + cw, cy], fill=fg)
                if up:
                    draw.line([cx, y0, cx, cy], fill=fg)
                if down:
                    draw.line([cx, cy, cx, y0 + ch_h], fill=fg)
            elif ch != " ":
                draw.text((x0, y0 + 1), ch, font=bold if is_bold else regular, fill=fg)
            if underline:
                draw.line([x0, y0 + ch_h - 2, x0 + width * cw - 1, y0 + ch_h - 2], fill=fg)
    img.save(out, optimize=True)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    path, cols, rows, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    render(parse(text, cols, rows), cols, rows, out)


if __name__ == "__main__":
    main()
