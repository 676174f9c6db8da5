#pragma once
// Everything tirkeu-cli writes to its standard output and error passes through a PrintableOutput: a control
// character (C0 but the line break and the tab, DEL, C1 including the 8-bit CSI) is written visibly as \xHH,
// whichever command printed it and however. Tables and "field: value" lines already escape what they show
// (printable(), Table.h); this catches the rest — a warning naming register text, a message repeating a file
// name — so that no text from the register or the command line reaches the terminal as an escape sequence
// (attack of session 26, F6: the auditor's screen cleared, the window title set, the clipboard written).

#include <QIODevice>
#include <QStringDecoder>
#include <QTextStream>

namespace tirkeu::cli {

// A write-only device that decodes the UTF-8 written to it, escapes control characters and hands the text to
// `target` (flushed at every write: the stream in front of it decides when to write).
class PrintableOutput : public QIODevice {
public:
    explicit PrintableOutput(QTextStream& target);
    // The text as written: control characters as \xHH — but the line break and the tab when `keepBreaks`.
    static QString escaped(QStringView text, bool keepBreaks = true);

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 size) override;

private:
    QTextStream& m_target;
    QStringDecoder m_decoder{QStringDecoder::Utf8}; // a character split between two writes is joined
};

} // namespace tirkeu::cli
