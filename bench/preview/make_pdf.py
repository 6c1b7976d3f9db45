#!/usr/bin/env python3
"""Writes a PDF of PAGES A4 pages of French text, each with a frame and a table of lines drawn
as vectors, for bench/preview/run.sh: a stand-in for an administrative report.

    make_pdf.py OUT.pdf [PAGES]
"""
import sys
import zlib

LINES = [
    "Direction departementale des territoires - rapport de la commission",
    "Le batardeau provisoire de la Valliere est retire apres la crue de juin.",
    "Les travaux de confortement de la digue reprennent au premier trimestre.",
    "Article 3 : la circulation est interdite sur le chemin de halage.",
    "Les communes riveraines sont informees par voie d'affichage en mairie.",
]


def page_stream(number):
    ops = ["0.2 w 40 40 515 762 re S"]
    y = 780
    ops.append(f"BT /F1 16 Tf 60 {y} Td (Rapport - page {number}) Tj ET")
    y -= 30
    for i in range(34):
        text = LINES[(i + number) % len(LINES)]
        ops.append(f"BT /F1 10 Tf 60 {y} Td ({text}) Tj ET")
        y -= 17
    for row in range(12):
        top = 50 + row * 9
        ops.append(f"0.8 0.8 0.9 rg 60 {top} {20 + (row * 37 + number * 11) % 400} 8 re f")
    return zlib.compress("\n".join(ops).encode("latin-1"))


def main():
    out = sys.argv[1]
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    objects = {}
    # 1 catalog, 2 pages, 3 font, then two objects per page: the page and its content.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()
    objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    for i in range(pages):
        stream = page_stream(i + 1)
        objects[4 + 2 * i] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                              f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>").encode()
        objects[5 + 2 * i] = (f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
                              + stream + b"\nendstream")
    body = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(body)
        body += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    xref = len(body)
    count = max(objects) + 1
    body += f"xref\n0 {count}\n0000000000 65535 f \n".encode()
    for number in range(1, count):
        body += f"{offsets[number]:010d} 00000 n \n".encode()
    body += f"trailer\n<< /Size {count} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    with open(out, "wb") as f:
        f.write(body)


if __name__ == "__main__":
    main()
