#pragma once

#include <QIODevice>

namespace tirkeu::reports {

// Qt names a subset font "QTAAAA+DejaVuSans" in its descriptor but plain "DejaVuSans" in the font
// dictionaries; PDF readers (pdffonts, preflight) then take it for a complete font. copyWithSubsetTags
// copies the PDF that QPdfWriter wrote to `in` (seekable: a temporary file or a buffer) to `out`, with
// the subset tag added to every /BaseFont of a tagged font and the cross-reference offsets moved after
// each insertion. It streams: memory stays at a few MiB plus the cross-reference table, whatever the
// size of the document. False when `in` cannot be read or `out` written. `chunk`: the bytes read at a
// time (tests use tiny ones to put matches across chunk boundaries).
bool copyWithSubsetTags(QIODevice& in, QIODevice& out, qint64 chunk = 4 << 20);

} // namespace tirkeu::reports
