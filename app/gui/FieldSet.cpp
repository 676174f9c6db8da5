#include "app/gui/FieldSet.h"

#include "app/gui/DialogParts.h"

#include <QFormLayout>
#include <QLabel>

namespace tirkeu::gui {

FieldSet::FieldSet(const QList<forms::FieldDef>& fields, QWidget* parent)
    : QWidget(parent) {
    auto* form = formLayout();
    form->setContentsMargins(0, 0, 0, 0);
    // Kazakh labels are long: they wrap in a column of their own instead of squeezing the editors.
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    for (const forms::FieldDef& def : fields) {
        auto* editor = new FieldEditor(def, this);
        editor->label()->setParent(this);
        editor->label()->setMinimumWidth(160);
        editor->label()->setMaximumWidth(300);
        form->addRow(editor->label(), editor);
        m_editors << editor;
        connect(editor, &FieldEditor::edited, this, [this, editor] {
            if (!m_loading)
                Q_EMIT edited(editor);
        });
    }
    setLayout(form);
}

FieldEditor* FieldSet::editor(const QString& id) const {
    for (FieldEditor* e : m_editors)
        if (e->id() == id)
            return e;
    return nullptr;
}

QJsonObject FieldSet::data() const {
    QJsonObject out;
    for (FieldEditor* e : m_editors) {
        const QJsonValue v = e->value();
        if (!v.isUndefined())
            out.insert(e->id(), v);
    }
    return out;
}

void FieldSet::setData(const QJsonObject& data) {
    m_loading = true;
    for (FieldEditor* e : m_editors)
        e->setValue(data.value(e->id()));
    m_loading = false;
}

void FieldSet::setLanguage(const QString& lang) {
    m_loading = true;
    for (FieldEditor* e : m_editors)
        e->setLanguage(lang);
    m_loading = false;
}

QStringList FieldSet::errors() const {
    QStringList out;
    for (FieldEditor* e : m_editors)
        if (!e->error().isEmpty())
            out << e->error();
    return out;
}

} // namespace tirkeu::gui
