// AtlasAccess module: see the developers' design.
