#include "forms/pdf/FormImport.h"

#include "forms/pdf/FormPrint.h"
#include "pki/InputFiles.h"

#include <QDataStream>
#include <QDebug>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <poppler-form.h>
#include <poppler-qt6.h>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tirkeu::forms::pdf {

namespace {

// A date as the template asks for it (ДД.ММ.ГГГГ, also with one-digit day and month) or ISO.
QDate parseDate(const QString& raw) {
    const QString text = raw.simplified();
    for (const QString& format :
         {QStringLiteral("dd.MM.yyyy"), QStringLiteral("d.M.yyyy"), QStringLiteral("yyyy-MM-dd")}) {
        const QDate d = QDate::fromString(text, format);
        if (d.isValid())
            return d;
    }
    return {};
}

bool isDate(const QString& text) {
    return parseDate(text).isValid();
}

QString matchChoice(const FieldDef& f, const QString& text) {
    const QString t = text.trimmed();
    for (const ChoiceDef& c : f.choices) {
        if (c.id.compare(t, Qt::CaseInsensitive) == 0 || c.label.kk.compare(t, Qt::CaseInsensitive) == 0 ||
            c.label.ru.compare(t, Qt::CaseInsensitive) == 0 || c.label.en.compare(t, Qt::CaseInsensitive) == 0 ||
            QStringLiteral("%1 / %2").arg(c.label.kk, c.label.ru).compare(t, Qt::CaseInsensitive) == 0)
            return c.id;
    }
    return t; // the validator names it as not allowed
}

// Poppler's parser messages about one document: a damaged or hostile PDF makes hundreds of thousands of them
// (attack of session 27, F6: a 200 KB file printed 27 MB). The first few are shown, the rest counted.
constexpr int kPopplerMessagesShown = 20;
thread_local int t_popplerMessages = 0;

QString withoutControls(const QString& text) {
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        out += u < 0x20 || (u >= 0x7f && u <= 0x9f) ? QChar(u'?') : c;
    }
    return out;
}

void popplerMessage(const QString& message, const QVariant&) {
    if (++t_popplerMessages <= kPopplerMessagesShown)
        qWarning().noquote() << QStringLiteral("Poppler:") << withoutControls(message.left(300));
}

// Counts Poppler's messages while a document is read, then names how many were not shown.
class PopplerMessages {
public:
    PopplerMessages() {
        static std::once_flag installed;
        std::call_once(installed, [] { Poppler::setDebugErrorFunction(popplerMessage, QVariant()); });
        t_popplerMessages = 0;
    }
    ~PopplerMessages() {
        if (t_popplerMessages > kPopplerMessagesShown)
            qWarning().noquote() << FormImport::tr("Poppler: %1 more messages about this PDF document were not shown.")
                                        .arg(t_popplerMessages - kPopplerMessagesShown);
        t_popplerMessages = 0;
    }
    PopplerMessages(const PopplerMessages&) = delete;
    PopplerMessages& operator=(const PopplerMessages&) = delete;
};

// "person12_surname" and "person12_usage-sign" -> 12; 0 for a field of no person row.
int personRowOf(const QString& name) {
    static const QRegularExpression row(QStringLiteral("^person([0-9]{1,9})_"));
    const QRegularExpressionMatch m = row.match(name);
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

} // namespace

QJsonValue FormImport::toJson(const FieldDef& field, const QString& raw) {
    const QString text = field.type == FieldType::LongText ? raw.trimmed() : raw.simplified();
    switch (field.type) {
    case FieldType::Date: {
        const QDate d = parseDate(text);
        return d.isValid() ? d.toString(Qt::ISODate) : text; // read() names a date it cannot read
    }
    case FieldType::Choice:
        return matchChoice(field, text);
    case FieldType::MultiChoice: {
        QJsonArray items;
        for (const QString& part : raw.split(QRegularExpression(QStringLiteral("[,;\\n]")), Qt::SkipEmptyParts))
            if (!part.trimmed().isEmpty())
                items.append(matchChoice(field, part));
        return items;
    }
    default:
        return text;
    }
}

Result<QHash<QString, QString>> FormImport::fieldValues(const QByteArray& pdf, const Cancelled& cancelled) {
    // Cheap refusals first, in this process.
    if (!pdf.startsWith("%PDF-"))
        return makeError(ErrorCode::Invalid, tr("The file is not a PDF document."));
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return makeError(ErrorCode::Failure, tr("Cannot read the PDF document: %1").arg(qt_error_string(errno)));
    const pid_t child = ::fork();
    if (child < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return makeError(ErrorCode::Failure, tr("Cannot read the PDF document: %1").arg(qt_error_string(errno)));
    }
    if (child == 0) {
        // The child: bounded, reads the document, writes the outcome to the pipe and ends without running
        // anything of the parent's (no destructors, no atexit handlers).
        ::close(fds[0]);
        rlimit cpu{rlim_t(kMaxCpuSeconds), rlim_t(kMaxCpuSeconds + 1)};
        ::setrlimit(RLIMIT_CPU, &cpu);
        qint64 mapped = 0;
        QFile statm(QStringLiteral("/proc/self/statm"));
        if (statm.open(QIODevice::ReadOnly))
            mapped = statm.readLine().split(' ').value(0).toLongLong() * ::sysconf(_SC_PAGESIZE);
        rlimit memory{rlim_t(mapped + kMaxMemoryBytes), rlim_t(mapped + kMaxMemoryBytes)};
        ::setrlimit(RLIMIT_AS, &memory);
        const Result<QHash<QString, QString>> r = readFieldsHere(pdf);
        QByteArray out;
        QDataStream ds(&out, QIODevice::WriteOnly);
        ds << r.ok();
        if (r.ok())
            ds << *r;
        else
            ds << int(r.code()) << r.message();
        const char* p = out.constData();
        qsizetype left = out.size();
        while (left > 0) {
            const ssize_t n = ::write(fds[1], p, size_t(left));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                ::_exit(2);
            p += n;
            left -= n;
        }
        ::_exit(0);
    }
    ::close(fds[1]);
    QByteArray got;
    QElapsedTimer timer;
    timer.start();
    enum { Read, Cancel, Timeout } how = Read;
    for (;;) {
        if (cancelled && cancelled()) {
            how = Cancel;
            break;
        }
        if (timer.elapsed() > kMaxWallSeconds * 1000) {
            how = Timeout;
            break;
        }
        pollfd pfd{fds[0], POLLIN, 0};
        const int ready = ::poll(&pfd, 1, 50);
        if (ready < 0 && errno != EINTR) {
            how = Timeout; // no answer can come: the child is stopped
            break;
        }
        if (ready <= 0)
            continue;
        char buffer[65536];
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; // end of the child's answer
        got.append(buffer, n);
    }
    ::close(fds[0]);
    if (how != Read)
        ::kill(child, SIGKILL);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (how == Cancel)
        return makeError(ErrorCode::Failure, tr("Reading the PDF document was cancelled."));
    QDataStream ds(got);
    bool ok = false;
    ds >> ok;
    if (how == Read && WIFEXITED(status) && WEXITSTATUS(status) == 0 && ds.status() == QDataStream::Ok) {
        if (ok) {
            QHash<QString, QString> values;
            ds >> values;
            if (ds.status() == QDataStream::Ok)
                return values;
        } else {
            int code = 0;
            QString message;
            ds >> code >> message;
            if (ds.status() == QDataStream::Ok)
                return makeError(ErrorCode(code), message);
        }
    }
    return makeError(ErrorCode::Invalid, tr("The PDF document needs more time or memory than a form ever does (at most "
                                            "%1 s and %2 MiB): it is not a template as Tirkeu made it, and it is not "
                                            "read.")
                                             .arg(kMaxCpuSeconds)
                                             .arg(kMaxMemoryBytes >> 20));
}

Result<QHash<QString, QString>> FormImport::readFieldsHere(const QByteArray& pdf) {
    if (!pdf.startsWith("%PDF-"))
        return makeError(ErrorCode::Invalid, tr("The file is not a PDF document."));
    // Poppler reconstructs a truncated file from what is left; a form read from half a file is not
    // what the applicant filled in, so a PDF must end as the format requires.
    if (!pdf.right(1024).contains("%%EOF") || !pdf.right(1024).contains("startxref"))
        return makeError(ErrorCode::Invalid, tr("The PDF document is incomplete or damaged (its end is missing)."));
    const PopplerMessages messages;
    std::unique_ptr<Poppler::Document> doc = Poppler::Document::loadFromData(pdf);
    if (!doc)
        return makeError(ErrorCode::Invalid, tr("The PDF document is damaged and cannot be read."));
    if (doc->isLocked())
        return makeError(ErrorCode::Invalid, tr("The PDF document is password-protected; save it without a password."));
    if (doc->numPages() < 1)
        return makeError(ErrorCode::Invalid, tr("The PDF document has no pages."));
    if (doc->numPages() > kMaxPages)
        return makeError(ErrorCode::Invalid, tr("The PDF document has %1 pages, more than a Tirkeu form template ever "
                                                "has (at most %2): it is not read.")
                                                 .arg(doc->numPages())
                                                 .arg(kMaxPages));
    QHash<QString, QString> values;
    values.reserve(256);
    int fields = 0;
    // Widgets of one field share its value; two fields of one name with different values say two things,
    // and the register would take the one read last (a template altered after it was made).
    QString twice;
    const auto put = [&values, &twice](const QString& name, const QString& text) {
        const auto it = values.constFind(name);
        if (it != values.constEnd() && *it != text && twice.isEmpty())
            twice = name;
        values.insert(name, text);
    };
    for (int i = 0; i < doc->numPages(); ++i) {
        std::unique_ptr<Poppler::Page> page = doc->page(i);
        if (!page)
            return makeError(ErrorCode::Invalid, tr("Page %1 of the PDF document is damaged.").arg(i + 1));
        const std::vector<std::unique_ptr<Poppler::FormField>> pageFields = page->formFields();
        fields += int(std::min<size_t>(pageFields.size(), size_t(kMaxFields) + 1));
        if (fields > kMaxFields)
            return makeError(ErrorCode::Invalid, tr("The PDF document has more than %1 form fields, more than a Tirkeu "
                                                    "form template ever has: it is not read.")
                                                     .arg(kMaxFields));
        for (const std::unique_ptr<Poppler::FormField>& field : pageFields) {
            const QString name = field->fullyQualifiedName();
            switch (field->type()) {
            case Poppler::FormField::FormText: {
                QString text = static_cast<const Poppler::FormFieldText*>(field.get())->text();
                // "Reset form" empties the form code; its alternate name keeps it.
                if (name == QString::fromUtf16(kFormCodeField) && text.trimmed().isEmpty())
                    text = field->uiName();
                put(name, text);
                break;
            }
            case Poppler::FormField::FormChoice: {
                const auto* choice = static_cast<const Poppler::FormFieldChoice*>(field.get());
                const auto options = choice->choicesWithExportValues(); // (displayed, export)
                QStringList picked;
                for (int i : choice->currentChoices())
                    if (i >= 0 && i < options.size())
                        picked << (options[i].second.isEmpty() ? options[i].first : options[i].second);
                if (picked.isEmpty() && choice->isEditable())
                    picked << choice->editChoice();
                put(name, picked.join(u','));
                break;
            }
            case Poppler::FormField::FormButton: {
                const auto* button = static_cast<const Poppler::FormFieldButton*>(field.get());
                if (button->buttonType() == Poppler::FormFieldButton::CheckBox)
                    values.insert(name, button->state() ? QStringLiteral("Yes") : QString());
                break;
            }
            default:
                break;
            }
        }
    }
    if (!twice.isEmpty())
        return makeError(ErrorCode::Invalid, tr("The PDF document has two fields named %1 with different values: it "
                                                "is not a template as Tirkeu made it. Fill in a new template.")
                                                 .arg(twice));
    return values;
}

Result<ImportedForm> FormImport::read(const QByteArray& pdf, const QString& expectedForm, const QString& uiLang,
                                      const Cancelled& cancelled) {
    auto values = fieldValues(pdf, cancelled);
    if (!values)
        return values.error();
    const QString codeField = QString::fromUtf16(kFormCodeField);
    if (!values->contains(codeField))
        return makeError(ErrorCode::Invalid, tr("The PDF is not a Tirkeu form template (it has no form code); "
                                                "fill in the template printed by tirkeu-cli form template."));
    const QString code = values->value(codeField).trimmed();
    if (code.isEmpty())
        return makeError(ErrorCode::Invalid, tr("The PDF's form code was erased; fill in a new template printed by "
                                                "tirkeu-cli form template."));
    const FormDef* form = FormCatalog::find(code);
    if (!form)
        return makeError(ErrorCode::Invalid, tr("The PDF names the unknown form %1.").arg(code));
    if (!expectedForm.isEmpty() && expectedForm != code)
        return makeError(ErrorCode::Invalid,
                         tr("The PDF is the form %1, not %2: use the template of %2.").arg(code, expectedForm));
    ImportedForm out;
    out.formCode = code;
    bool anyValue = false;
    QStringList problems;
    QSet<QString> badDates; // field ids whose date the template's format does not read
    // A field's text: a list of choices is read from its checkboxes (or from a text field of older
    // templates); a date must be written as the template says.
    auto textOf = [&](const FieldDef& f, int person) {
        const QString name = acroName(f.id, person);
        if (f.type == FieldType::MultiChoice && !values->contains(name)) {
            QStringList picked;
            for (const ChoiceDef& c : f.choices)
                if (!values->value(checkName(name, c.id)).isEmpty())
                    picked << c.id;
            return picked.join(u',');
        }
        const QString text = values->value(name);
        if (f.type == FieldType::Date && !text.trimmed().isEmpty() && !isDate(text) && !badDates.contains(name)) {
            badDates.insert(name);
            problems << tr("\"%1\" must be a date written as ДД.ММ.ГГГГ (КК.АА.ЖЖЖЖ), e.g. 02.03.2026: %2")
                            .arg(f.label.in(uiLang), text.trimmed());
        }
        return text;
    };
    // A value the template came with (a choice's default) is no sign that anything was filled in.
    auto typed = [](const FieldDef& f, const QString& text) {
        return f.defaultValue.isEmpty() || text.trimmed() != f.defaultValue;
    };
    for (const FieldDef& f : form->fields) {
        const QString text = textOf(f, -1);
        if (text.trimmed().isEmpty())
            continue;
        out.data.insert(f.id, toJson(f, text));
        anyValue = anyValue || typed(f, text);
    }
    if (form->hasPersons()) {
        QJsonArray persons;
        int rowsRead = 0;
        for (int p = 0; p < kMaxPersonRows; ++p) {
            if (!values->contains(acroName(form->personFields.first().id, p)))
                break;
            ++rowsRead;
            QJsonObject row;
            bool rowTyped = false;
            for (const FieldDef& f : form->personFields) {
                const QString text = textOf(f, p);
                if (!text.trimmed().isEmpty()) {
                    row.insert(f.id, toJson(f, text));
                    rowTyped = rowTyped || typed(f, text);
                }
            }
            if (rowTyped)
                persons.append(row);
        }
        // A row the loop above does not reach (after a row without its first field, or beyond the template's
        // rows) would be dropped without a word (attack of session 27, F9): a filled one refuses the PDF.
        int unread = 0;
        for (auto it = values->constBegin(); it != values->constEnd(); ++it) {
            const int row = personRowOf(it.key());
            if (row > rowsRead && !it.value().trimmed().isEmpty() && (unread == 0 || row < unread))
                unread = row;
        }
        if (unread > kMaxPersonRows)
            return makeError(ErrorCode::Invalid,
                             tr("The PDF lists a person in row %1; a letter template has at most %2 "
                                "rows: it is not a template as Tirkeu made it. List the persons "
                                "in letters of at most %2 persons.")
                                 .arg(unread)
                                 .arg(kMaxPersonRows));
        if (unread > 0)
            return makeError(ErrorCode::Invalid,
                             tr("The PDF fills in person row %1, but row %2 has no field \"%3\": it is not a template "
                                "as Tirkeu made it, and rows after %2 would not be read. Fill in a new template.")
                                 .arg(unread)
                                 .arg(rowsRead + 1)
                                 .arg(acroName(form->personFields.first().id, rowsRead)));
        if (!persons.isEmpty()) {
            out.data.insert(QStringLiteral("persons"), persons);
            anyValue = true;
        }
    }
    if (!anyValue)
        return makeError(ErrorCode::Invalid, tr("The form %1 in the PDF is empty: no field is filled in.").arg(code));
    // The same validation as typed data; attachments and consent are recorded at the counter, so
    // only the field errors count here (the registry checks the whole submission again).
    Submission submission;
    submission.data = out.data;
    const ValidationResult result = Validator::validate(*form, submission, uiLang);
    for (const FieldError& e : result.errors)
        if (!e.fieldId.isEmpty() && !badDates.contains(acroName(e.fieldId, e.personIndex)))
            problems << e.message; // a date already named above is not named twice
    if (!problems.isEmpty())
        return makeError(ErrorCode::Invalid,
                         tr("The form in the PDF has invalid values:\n%1").arg(problems.join(u'\n')));
    out.data = Validator::normalised(*form, out.data);
    return out;
}

Result<ImportedForm> FormImport::readFile(const QString& path, const QString& expectedForm, const QString& uiLang,
                                          const Cancelled& cancelled) {
    auto bytes = pki::InputFiles::read(path, pki::InputFiles::kDocument);
    if (!bytes)
        return bytes.error();
    return read(*bytes, expectedForm, uiLang, cancelled);
}

} // namespace tirkeu::forms::pdf
