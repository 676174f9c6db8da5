#include "common/TestMain.h"

#include <cstdio>
#include <map>
#include <string>

namespace {
std::map<std::string, tirkeu::test::TestMainFunction>& testMains() {
    static std::map<std::string, tirkeu::test::TestMainFunction> mains;
    return mains;
}
} // namespace

bool tirkeu::test::registerTestMain(const char* sourceFile, TestMainFunction main) {
    std::string stem = sourceFile;
    if (const auto slash = stem.find_last_of("/\\"); slash != std::string::npos)
        stem.erase(0, slash + 1);
    if (const auto dot = stem.find('.'); dot != std::string::npos)
        stem.erase(dot);
    const bool added = testMains().emplace(stem, main).second;
    if (!added)
        std::fprintf(stderr, "test program %s is registered twice\n", stem.c_str());
    return added;
}

// argv[1] names the test program (tst_x); the rest are its QtTest options. Without it, or with an
// unknown name, the programs are listed and the exit code is 2.
int main(int argc, char* argv[]) {
    const auto& mains = testMains();
    const auto found = argc > 1 ? mains.find(argv[1]) : mains.end();
    if (found == mains.end()) {
        std::fprintf(stderr, "usage: %s TEST [QtTest options]\n%s%s\ntests:\n", argv[0],
                     argc > 1 ? "unknown test: " : "", argc > 1 ? argv[1] : "");
        for (const auto& [name, function] : mains)
            std::fprintf(stderr, "  %s\n", name.c_str());
        return 2;
    }
    // The test program sees the executable as its argv[0], then its own options.
    argv[1] = argv[0];
    return found->second(argc - 1, argv + 1);
}
