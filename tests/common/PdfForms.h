#pragma once
// Fills a PDF form's fields as a PDF reader would (Poppler), for the tests of fillable templates:
// text fields, combo boxes (by export value or label) and checkboxes ("Yes" ticks). Every name in
// `values` must be a field of the form.

#include <poppler-form.h>
#include <poppler-qt6.h>

#include <QBuffer>
#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>

#include <memory>

namespace tirkeu::test {

// The filled PDF saved with its changes; empty with *error set when it cannot be done.
inline QByteArray fillPdfForm(const QByteArray& pdf, const QHash<QString, QString>& values, QString* error) {
    std::unique_ptr<Poppler::Document> doc = Poppler::Document::loadFromData(pdf);
    if (!doc) {
        *error = QStringLiteral("Poppler cannot load the template");
        return {};
    }
    QSet<QString> set;
    for (int i = 0; i < doc->numPages(); ++i) {
        std::unique_ptr<Poppler::Page> page = doc->page(i);
        for (const auto& field : page->formFields()) {
            const QString name = field->fullyQualifiedName();
            if (!values.contains(name))
                continue;
            const QString value = values.value(name);
            if (field->type() == Poppler::FormField::FormText) {
                static_cast<Poppler::FormFieldText*>(field.get())->setText(value);
            } else if (field->type() == Poppler::FormField::FormChoice) { // a combo box: by id or label
                auto* choice = static_cast<Poppler::FormFieldChoice*>(field.get());
                const auto options = choice->choicesWithExportValues();
                for (int k = 0; k < options.size(); ++k)
                    if (options[k].second == value || options[k].first == value)
                        choice->setCurrentChoices({k});
            } else if (field->type() == Poppler::FormField::FormButton) { // a checkbox
                static_cast<Poppler::FormFieldButton*>(field.get())->setState(value == u"Yes");
            } else {
                continue;
            }
            set.insert(name);
        }
    }
    for (auto it = values.begin(); it != values.end(); ++it)
        if (!set.contains(it.key())) {
            *error = QStringLiteral("no text field named ") + it.key();
            return {};
        }
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    std::unique_ptr<Poppler::PDFConverter> converter = doc->pdfConverter();
    converter->setOutputDevice(&buffer);
    converter->setPDFOptions(Poppler::PDFConverter::WithChanges);
    if (!converter->convert()) {
        *error = QStringLiteral("Poppler cannot save the filled form");
        return {};
    }
    return out;
}

} // namespace tirkeu::test
