"""Small performance files in the real formats' shapes, written by hand for the tests (the
real files are read only by the realdata tests)."""

KS2_HEADER = ["RECTYPE", "ALPHAIND", "LEA", "ESTAB", "URN", "SCHNAME", "TOWN", "TELIG",
              "PTRWM_EXP", "PTRWM_HIGH", "READPROG"]


def ks2(rows: list[list[str]] | None = None, *, national: str = "65%", lea: str = "865") -> str:
    """A KS2 per-LA file: three schools, the LA row (3) and the two national rows (4, 5)."""
    body = rows if rows is not None else [
        ["1", "a", lea, "2001", "126001", "Avonside Primary School", "Calne", "30", "72%", "10%",
         "0.5"],
        ["1", "b", lea, "2002", "126002", "Bishops Cannings Primary", "Devizes", "9", "SUPP",
         "SUPP", "SUPP"],
        # A school with no published results: a short row, as the real files have.
        ["1", "c", lea, "2003", "126003", "Chalke Valley Primary", "Salisbury"],
        ["2", "d", lea, "7001", "126009", "Downland Special School", "Devizes", "6", "0%", "0%",
         "LOWCOV"],
    ]
    lines = [KS2_HEADER, *body,
             ["3", " ", lea, " ", " ", "Wiltshire", " ", "5000", "66%", "9%", " "],
             ["4", " ", " ", " ", " ", " ", " ", "600000", "64%", "10%", " "],
             ["5", " ", " ", " ", " ", " ", " ", "580000", national, "10%", " "]]
    return "\ufeff" + "\r\n".join(",".join(f'"{v}"' if "," in v else v for v in line)
                                  for line in lines) + "\r\n"


KS4_HEADER = ["RECTYPE", "LEA", "ESTAB", "URN", "SCHNAME", "TPUP", "ATT8SCR", "P8MEA", "P8CILOW"]


def ks4(rows: list[list[str]] | None = None) -> str:
    """A KS4 per-LA file: two schools, the LA row (4), national all (5) and maintained (7)."""
    body = rows if rows is not None else [
        ["1", "865", "4001", "126101", "Kingdown School", "180", "46", "-0.25", "-0.4"],
        ["1", "865", "4002", "126102", "Lavington School", "120", "NE", "NP", "NP"],
    ]
    lines = [KS4_HEADER, *body,
             ["4", "865", "", "", "", "5000", "47.1", "0.02", ""],
             ["5", "", "", "", "", "600000", "44.6", "", ""],
             ["7", "", "", "", "", "550000", "46.7", "-0.03", ""]]
    return "\ufeff" + "\n".join(",".join(line) for line in lines) + "\n"


EES_HEADER = ["time_period", "time_identifier", "geographic_level", "school_urn", "school_name",
              "old_la_code", "version", "diffn_att8", "diffn_p8mea", "p8_banding"]


def ees(rows: list[list[str]] | None = None, period: str = "202324") -> str:
    body = rows if rows is not None else [
        [period, "Academic year", "National", "", "", "", "Final", "-15.2", "-0.6", "z"],
        [period, "Academic year", "School", "126101", "Kingdown School", "865", "Final", "-12.1",
         "-0.41", "Average"],
        [period, "Academic year", "School", "126102", "Lavington School", "865", "Final", "c",
         "c", "z"],
        [period, "Academic year", "School", "126103", "St Mary's Independent", "865", "Final",
         "z", "z", "z"],
    ]
    lines = [EES_HEADER, *body]
    return "\n".join(",".join(f'"{v}"' for v in line) for line in lines) + "\n"
