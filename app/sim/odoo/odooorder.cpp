#include "odoodomain.h"

#include "odooerrors.h"
#include "odoomodel.h"

namespace syncsmart::sim::odoo {

namespace {

int sign(double d)
{
    return d < 0 ? -1 : (d > 0 ? 1 : 0);
}

} // namespace

bool Order::isIdAscending() const
{
    return terms.size() == 1 && !terms[0].descending && terms[0].field == 0;
}

Order parseOrder(const QString &spec, const OdooModel &model, bool skipUnknown)
{
    Order order;
    const QString invalid = QStringLiteral("Invalid \"order\" specified (%1). A valid \"order\" "
                                           "specification is a comma-separated list of valid field "
                                           "names (optionally followed by asc/desc for the direction)");
    for (const QString &raw : spec.split(QLatin1Char(','))) {
        QStringList words = raw.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (words.isEmpty())
            throw errors::userError(invalid.arg(spec), CallPath::Model);
        QString name = words.takeFirst();
        if (name.size() > 2 && name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"')))
            name = name.mid(1, name.size() - 2);
        OrderTerm term;
        if (!words.isEmpty() && (words.first().compare(QLatin1String("asc"), Qt::CaseInsensitive) == 0 ||
                                 words.first().compare(QLatin1String("desc"), Qt::CaseInsensitive) == 0)) {
            term.descending = words.takeFirst().compare(QLatin1String("desc"), Qt::CaseInsensitive) == 0;
        }
        term.nullsFirst = term.descending;
        if (words.size() == 2 && words.at(0).compare(QLatin1String("nulls"), Qt::CaseInsensitive) == 0) {
            term.nullsFirst = words.at(1).compare(QLatin1String("first"), Qt::CaseInsensitive) == 0;
            if (!term.nullsFirst && words.at(1).compare(QLatin1String("last"), Qt::CaseInsensitive) != 0)
                throw errors::userError(invalid.arg(raw.trimmed()), CallPath::Model);
            words.clear();
        }
        bool wordChars = !name.isEmpty();
        for (QChar c : name)
            wordChars = wordChars && (c.isLetterOrNumber() || c == QLatin1Char('_'));
        if (!words.isEmpty() || !wordChars)
            throw errors::userError(invalid.arg(raw.trimmed()), CallPath::Model);
        term.field = model.fieldIndex(name);
        if (term.field < 0 && skipUnknown)
            continue;
        if (term.field < 0)
            throw errors::valueError(QStringLiteral("Invalid field %1 on model %2")
                                         .arg(pythonRepr(name), pythonRepr(model.name())));
        if (model.field(term.field).stored)
            order.terms.push_back(term);
    }
    return order;
}

int compareValues(const FieldValue &a, const FieldValue &b)
{
    switch (a.kind) {
    case FieldValue::Kind::Bool:
        return int(a.boolean) - int(b.boolean);
    case FieldValue::Kind::Int:
    case FieldValue::Kind::Many2one:
    case FieldValue::Kind::Datetime:
        return a.integer < b.integer ? -1 : (a.integer > b.integer ? 1 : 0);
    case FieldValue::Kind::Float:
        return sign(a.number - b.number);
    case FieldValue::Kind::Text: {
        // Close to the en_US collation of the real database: case only breaks ties.
        const int c = a.text.compare(b.text, Qt::CaseInsensitive);
        return c != 0 ? sign(c) : sign(a.text.compare(b.text));
    }
    case FieldValue::Kind::Ids:
        return sign(double(a.ids.size()) - double(b.ids.size()));
    case FieldValue::Kind::False:
        return 0;
    }
    return 0;
}

} // namespace syncsmart::sim::odoo
