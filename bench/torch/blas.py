"""Which BLAS this PyTorch runs on, and whether its products are right: `python3 blas.py`.

Prints one JSON object: torch's version and BLAS_INFO, the BLAS library loaded into this
process (from /proc/self/maps), its vendor and version where it says, and the largest error
of float32 products (a@b and a.T@b, 1 and 2 threads) against the same products in float64.
The bench runs it before the PyTorch engines, with the environment the engines will get.
"""
import ctypes
import json
import re

import torch

# Name fragments of BLAS libraries, most specific first; the reference BLAS is netlib's.
VENDORS = [
    ('openblas', 'OpenBLAS'),
    ('mkl', 'MKL'),
    ('blis', 'BLIS'),
    ('atlas', 'ATLAS'),
    ('libblas', 'reference'),
]


def loaded_blas():
    """The BLAS libraries mapped into this process, with their vendors."""
    paths = []
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1]
            if path.startswith('/') and re.search(r'blas|mkl|blis|atlas', path.split('/')[-1]):
                if path not in paths:
                    paths.append(path)
    found = []
    for path in paths:
        lowered = path.lower()
        vendor = next((name for key, name in VENDORS if key in lowered), None)
        # Debian's alternatives put every BLAS's libblas.so.3 in a directory named after it.
        if vendor == 'reference' and not re.search(r'/blas/libblas', lowered):
            vendor = 'unknown'
        found.append({'path': path, 'vendor': vendor})
    return found


def openblas_config(libraries):
    for library in libraries:
        if library['vendor'] != 'OpenBLAS':
            continue
        try:
            get = ctypes.CDLL(library['path']).openblas_get_config
            get.restype = ctypes.c_char_p
            return get().decode()
        except (OSError, AttributeError):
            continue
    return None


def product_error():
    """Largest |float32 - float64| of a few products, relative to the largest |float64|."""
    generator = torch.Generator().manual_seed(0)
    worst = 0.0
    for threads in (1, 2):
        torch.set_num_threads(threads)
        a = torch.rand(300, 257, generator=generator) - 0.5
        b = torch.rand(257, 190, generator=generator) - 0.5
        c = torch.rand(300, 190, generator=generator) - 0.5
        for lhs, rhs in ((a, b), (a.t(), c)):
            exact = lhs.double() @ rhs.double()
            error = ((lhs @ rhs).double() - exact).abs().max() / exact.abs().max()
            worst = max(worst, float(error))
    return worst


def main():
    config = torch.__config__.show()
    blas_info = re.search(r'BLAS_INFO=([^,\s]+)', config)
    # Loads the BLAS (PyTorch opens it on the first product).
    error = product_error()
    libraries = loaded_blas()
    print(json.dumps({
        'torch': torch.__version__,
        'blasInfo': blas_info.group(1) if blas_info else None,
        'libraries': libraries,
        'openblasConfig': openblas_config(libraries),
        'relativeError': error,
    }))


if __name__ == '__main__':
    main()
