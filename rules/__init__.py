"""The rule base, standing on `models` alone: the catalogue (`catalogue`), the teacher status the
rules test (`status`), typed facts (`facts`), the rule families as mixins (`teacher`,
`organization`, `centre`) composed by `engine` (experta's speed-ups in `fast_rete`), Russian texts
(`texts`, `texts/*.j2`), the thin adapter the product calls (`adapter`, its inputs' shapes in
`inputs`), the thresholds (`thresholds`, `thresholds.toml`) and the rule base's version (`version`).
"""
