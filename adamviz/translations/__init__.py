"""adamviz's translations and the font that shows them.

* ``adamviz_zh_CN.ts``: the Simplified Chinese translations, edited in Qt Linguist or by hand;
  ``adamviz_zh_CN.qm``: the same compiled, what the window reads (kept in the repository, so a clone
  and a wheel have it without a build step). ``python -m adamviz.translations.update`` extracts the
  texts (pyside6-lupdate) and compiles them (pyside6-lrelease).
* ``declared.py``: the texts the core declares as data (presets, problems, optimizers), listed for
  lupdate; written by the update from the registries, never by hand.
* ``NotoSansSC-adamviz.otf``: the characters of the translations from Noto Sans CJK SC, for machines
  with no Chinese font (``python -m adamviz.translations.make_font``); ``OFL.txt`` is its license.
"""
