#!/usr/bin/env python3
"""Vérifier un tirage au sort du Conseil local du numérique (algorithme cln-tirage-sha256, version 1).

Usage :
    python3 verifier_tirage.py LISTE.txt "GRAINE" nord=2 sud=1 est=1 ouest=1 centre=2

LISTE.txt est la liste publiée : UTF-8, une ligne par personne « numéro;initiales;strate »,
par numéro croissant. Le script affiche l’empreinte SHA-256 de la liste (à comparer avec celle
publiée avant le tirage), puis, pour chaque strate, les numéros tirés et la liste de réserve.

Principe : la graine (sans espaces autour) et le numéro sont joints par « | » ; l’empreinte
SHA-256 (hexadécimale) de ce texte en UTF-8 classe les personnes de chaque strate ; les k
premières sont tirées, les suivantes forment la réserve, dans l’ordre. Bibliothèque standard
seulement : ce fichier se lit en entier en quelques minutes.
"""

import hashlib
import sys


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    with open(argv[0], "rb") as handle:
        data = handle.read()
    print("Empreinte SHA-256 de la liste :", hashlib.sha256(data).hexdigest())
    seed = argv[1].strip()
    seats = {}
    for item in argv[2:]:
        stratum, _, count = item.partition("=")
        seats[stratum] = int(count)
    strata = {}
    for line in data.decode("utf-8").splitlines():
        if line:
            number, _initials, stratum = line.split(";")
            strata.setdefault(stratum, []).append(int(number))
    for stratum in sorted(strata):
        numbers = strata[stratum]
        numbers.sort(key=lambda n: (hashlib.sha256(f"{seed}|{n}".encode("utf-8")).hexdigest(), n))  # noqa: UP012
        k = seats.get(stratum, 0)
        print(f"{stratum} tirés : " + " ".join(str(n) for n in numbers[:k]))
        print(f"{stratum} réserve : " + " ".join(str(n) for n in numbers[k:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
