"""Weka's example data from Debian's weka package: the download and an ARFF reader."""
import glob
import os
import subprocess
from typing import List


def weka_examples(workdir: str) -> str:
    """Downloads the weka .deb into workdir, unpacks it and returns its examples folder."""
    subprocess.run(["apt-get", "download", "weka"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    deb = glob.glob(os.path.join(workdir, "weka_*.deb"))[0]
    subprocess.run(["dpkg-deb", "-x", deb, os.path.join(workdir, "weka")], check=True)
    print(f"weka examples from {os.path.basename(deb)}")
    return os.path.join(workdir, "weka", "usr", "share", "doc", "weka", "examples")


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "'": "'", '"': '"', "\\": "\\", "%": "%"}


def arff_fields(line: str) -> List[str]:
    """The comma-separated values of an ARFF data line; quoted values unescaped, '?' -> None."""
    fields, i = [], 0
    while i < len(line):
        while line[i] in " \t":
            i += 1
        if line[i] in "'\"":
            quote, i, value = line[i], i + 1, []
            while line[i] != quote:
                if line[i] == "\\":
                    i += 1
                    value.append(_ESCAPES.get(line[i], line[i]))
                else:
                    value.append(line[i])
                i += 1
            i += 1
            fields.append("".join(value))
        else:
            end = line.find(",", i)
            end = len(line) if end < 0 else end
            raw = line[i:end].strip()
            fields.append(None if raw == "?" else raw)
            i = end
        while i < len(line) and line[i] in " \t":
            i += 1
        i += 1  # the comma
    return fields


def read_arff(path: str):
    """(attributes, rows): attributes as (name, None for numeric/string or the category list)."""
    attributes, rows, in_data = [], [], False
    with open(path, encoding="ascii") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("%"):
                continue
            if in_data:
                rows.append(arff_fields(line))
            elif line.lower().startswith("@attribute"):
                rest = line.split(None, 1)[1]
                name, kind = rest.split(None, 1)
                kind = kind.strip()
                categories = arff_fields(kind[1:kind.rindex("}")]) if kind.startswith("{") else None
                attributes.append((name.strip("'"), categories))
            elif line.lower().startswith("@data"):
                in_data = True
    return attributes, rows
