"""Scale and speed: a varied benchmark corpus, a local process pool, a Dask engine, the bench.

Nothing heavy is imported here; Dask is imported only inside :mod:`eventdesk.scale.dask_engine`.
"""
