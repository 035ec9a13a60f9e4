#include "datetext.h"

namespace syncsmart {

namespace {

// The number written by text[from, from + digits), or -1 when one of them is not a digit.
int digitsAt(QStringView text, int from, int digits)
{
    int value = 0;
    for (int i = from; i < from + digits; ++i) {
        const QChar c = text.at(i);
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c.unicode() - u'0');
    }
    return value;
}

} // namespace

QDateTime naiveUtc(QStringView text)
{
    if (text.size() < 19 || text.at(4) != u'-' || text.at(7) != u'-' || text.at(10) != u' ' ||
        text.at(13) != u':' || text.at(16) != u':')
        return {};
    const QDate date(digitsAt(text, 0, 4), digitsAt(text, 5, 2), digitsAt(text, 8, 2));
    const QTime time(digitsAt(text, 11, 2), digitsAt(text, 14, 2), digitsAt(text, 17, 2));
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

} // namespace syncsmart
