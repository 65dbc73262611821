"""The demo seller's logo: a small PNG drawn here with Pillow, so no image is fetched or shipped.

`arledger serve --demo` shows what a seller can configure (`adapters.seller.Branding`),
the logo included: the web app's header shows it (`/auth/logo`) and the invoice and
statement PDFs carry it. It is drawn at start into the temporary directory, the same
bytes every time: the trading name's initials in the brand's primary colour on a white
tile ringed in it, a mark (the name is set beside it) that reads on the web app's bar,
which is the primary colour, and on white paper.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from adapters.pdf import DEJAVU
from adapters.seller import Branding

SIZE = 120  # square, drawn at four times the 28 px it is shown at: sharp on high-DPI screens


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    bold = DEJAVU / "DejaVuSans-Bold.ttf"
    return ImageFont.truetype(str(bold), size) if bold.exists() else ImageFont.load_default(size)


def draw_logo(name: str, primary: str = Branding().primary) -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, SIZE - 1, SIZE - 1), radius=26, fill="white", outline=primary,
                          width=8)  # fmt: skip
    initials = "".join(word[0] for word in name.split()[:2]).upper() or "?"
    pen.text((SIZE / 2, SIZE / 2), initials, fill=primary, font=font(54), anchor="mm")
    return image


def demo_logo(name: str, directory: Path | None = None) -> Path:
    """The logo as a PNG file (written, or rewritten, now); its path."""
    path = (directory or Path(tempfile.gettempdir())) / "arledger-demo-logo.png"
    draw_logo(name).save(path, format="PNG", optimize=True)
    return path
