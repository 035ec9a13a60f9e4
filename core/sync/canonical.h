#pragma once

#include <QString>
#include <QVariant>

namespace syncsmart {

// The side-neutral form of a field value, so that equal values are equal whichever peer sent them:
// PrestaShop "23.900000" and Odoo 23.9 are both "23.9"; true, 1 and "1" are "1"; a multilingual value
// is the text of the profile's language; text is trimmed and its line ends normalised.
QString canonicalText(const QString &field, const QVariant &value, const QString &language);

// The value to send to a side for a canonical text: a number for prices and weights, a bool for
// active, text otherwise (the shop connector writes plain text to the profile's language).
QVariant valueForWrite(const QString &field, const QString &canonical);

// Up to `max` characters of the canonical text, for history and the console.
QString excerpt(const QString &canonical, int max = 120);

} // namespace syncsmart
