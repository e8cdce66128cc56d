"""The rule base: the catalogue (`catalogue`), typed facts (`facts`), the rule families as mixins
(`teacher`, `organization`, `centre`) composed by `engine`, Russian texts (`texts`, `texts/*.j2`),
the thin adapter the product calls (`adapter.evaluate_org`, `adapter.evaluate_centre`), the
thresholds (`thresholds`, `thresholds.toml`) and the rule base's version (`version`)."""
