// Tables module: see the developers' design.
