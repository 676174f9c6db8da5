#pragma once

namespace tirkeu::cli {

class CliApp {
public:
    // Parses argv, runs the command and returns its exit code (see pki/Result.h ErrorCode).
    static int main(int argc, char** argv);
};

} // namespace tirkeu::cli
