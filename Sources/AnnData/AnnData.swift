// AnnData module: see the developers' design.
