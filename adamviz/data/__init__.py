"""The files adamviz reads at run time, shipped inside the package and read through importlib.resources, so
that an installed wheel finds them as a clone does. DATA.md says where the airfoil data comes from."""
