"""Code 128 (code set B) barcodes as inline SVG, for the references printed on parcel labels.

A symbol is a start code (B = 104), one value per character (its ASCII code minus 32), a check
value (the start value plus each value times its position, modulo 103) and the stop code. Each
value is drawn as six alternating bar and space widths, in modules, from ``PATTERNS`` (the stop
code has a seventh, its final bar). A quiet zone of ten modules frames the bars.
"""

from html import escape

PATTERNS = (
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212",
    "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221",
    "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122", "321221",
    "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123", "131321",
    "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331", "132131",
    "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131",
    "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111",
    "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
    "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", "111242",
    "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
)
START_B = 104
STOP = 106
QUIET_ZONE = 10  # modules of white on each side


def code128b_values(text: str) -> list[int]:
    """The symbol values of ``text``: start B, the characters, the check value, stop."""
    if not text:
        raise ValueError("Nothing to encode.")
    values = []
    for character in text:
        code = ord(character)
        if not 32 <= code <= 126:
            raise ValueError(f"Code 128 B cannot encode {character!r}.")
        values.append(code - 32)
    check = (START_B + sum(position * value for position, value in enumerate(values, 1))) % 103
    return [START_B, *values, check, STOP]


def code128b_widths(text: str) -> list[int]:
    """Alternating bar and space widths in modules, starting with a bar and ending with one."""
    return [int(width) for value in code128b_values(text) for width in PATTERNS[value]]


def code128b_svg(text: str, *, module_mm: float = 0.33, height_mm: float = 15.0) -> str:
    """An inline SVG of the barcode, sized in millimetres for print (bars are black rects)."""
    widths = code128b_widths(text)
    total = sum(widths) + 2 * QUIET_ZONE
    bars = []
    x = QUIET_ZONE
    for index, width in enumerate(widths):
        if index % 2 == 0:
            bars.append(f'<rect x="{x}" y="0" width="{width}" height="1"/>')
        x += width
    label = escape(text)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="barcode" role="img" '
            f'aria-label="{label}" data-code128="{label}" viewBox="0 0 {total} 1" '
            f'preserveAspectRatio="none" width="{total * module_mm:.2f}mm" '
            f'height="{height_mm:.2f}mm"><rect width="{total}" height="1" fill="#fff"/>'
            f'<g fill="#000">{"".join(bars)}</g></svg>')
