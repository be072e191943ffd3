"""Writers: turn the model and findings into the files tbl2asn users know (.val, errorsummary.val, ...)."""
