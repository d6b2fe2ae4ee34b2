"""What the scripts that drive LibreOffice through UNO share: connecting to
the LibreOffice started with --accept=pipe (scripts/libreoffice-uno.sh),
opening a workbook hidden, saving it with a filter, and closing.

Used by remplir-modele-libreoffice.py and remplir-avis-libreoffice.py (both
run by /usr/bin/python3, which ships LibreOffice's « uno » module); Python
finds it beside them.
"""

import os
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException

# The filter LibreOffice uses when a user keeps a workbook in Excel format
# (« Conserver le format actuel »), and its own format.
XLSX = "Calc MS Excel 2007 XML"
ODS = "calc8"


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe):
    """The desktop of the LibreOffice listening on `pipe` (waits for it)."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(240):
        try:
            ctx = resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
            )
            return ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", ctx
            )
        except NoConnectException:
            time.sleep(0.5)
    sys.exit("LibreOffice ne répond pas sur le canal %s" % pipe)


def open_hidden(desktop, path):
    """The document at `path`, opened without a window."""
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(os.path.abspath(path)),
        "_blank",
        0,
        (prop("Hidden", True),),
    )
    if doc is None:
        sys.exit("LibreOffice n'a pas pu ouvrir %s" % path)
    return doc


def save(doc, path, filter_name):
    """Saves `doc` at `path` in the format of `filter_name`."""
    doc.storeToURL(
        uno.systemPathToFileUrl(os.path.abspath(path)),
        (prop("FilterName", filter_name),),
    )


def close_and_quit(doc, desktop):
    """Closes `doc`, then asks LibreOffice to quit."""
    doc.close(True)
    try:
        desktop.terminate()
    except DisposedException:
        pass
