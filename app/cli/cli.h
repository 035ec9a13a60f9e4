#pragma once

#include "common/redactor.h"

#include <QStringList>
#include <QTextStream>

#include <memory>

namespace syncsmart {

// Parses the command line (arguments[0] is the program), runs the command and returns the exit
// status: 0 success, 1 the command failed, 2 bad arguments. Results go to out, diagnostics to err.
// Everything printed or stored passes through redactor (built from the environment when null).
int runCli(const QStringList &arguments, QTextStream &out, QTextStream &err,
           std::shared_ptr<const Redactor> redactor = nullptr);

} // namespace syncsmart
