#pragma once

#include "consoleprofile.h"

#include <QWidget>

namespace syncsmart {

// The profile the console runs for. Read-only for now: connections, field ownership and schedules
// are edited here in a later version.
class SettingsView final : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsView(const ConsoleProfile &profile, QWidget *parent = nullptr);
};

} // namespace syncsmart
