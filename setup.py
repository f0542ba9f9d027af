"""Only the compiled part of the project; everything else is declared in pyproject.toml."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("scanner._hashing", ["scanner/_hashing.c"], extra_compile_args=["-O3"])])
