from . import dlr
