# Install rules and the Debian package `tirkeu` (CPack DEB): the two programs, the desktop entry
# (kk, ru), icons rendered from the hand-drawn SVG, AppStream metainfo, man pages and bash completion
# generated from the --help option tables, the scheduled CRL job (systemd units, cron example,
# /etc/tirkeu/tirkeu.conf) and the maintainer scripts. `cpack` in the build folder builds
# tirkeu_<version>-<release>_<arch>.deb; packaging/README.md explains the installed system.
# Translations are embedded in the programs (tirkeu_i18n, :/i18n/*.qm).

option(TIRKEU_PACKAGING "Generate the man pages, icons and completion of the Debian package" ON)
if(NOT TIRKEU_PACKAGING)
    return()
endif()

set(TIRKEU_PACKAGE_MAINTAINER "Tirkeu developers <tirkeu@example.org>"
    CACHE STRING "Maintainer field of the Debian package (Name <address>)")
set(TIRKEU_DEB_RELEASE 1 CACHE STRING "Debian revision of the package")
set(TIRKEU_DEB_VERSION "${PROJECT_VERSION}-${TIRKEU_DEB_RELEASE}")

find_program(TIRKEU_RSVG_CONVERT rsvg-convert)
if(NOT TIRKEU_RSVG_CONVERT)
    message(FATAL_ERROR "rsvg-convert not found: install librsvg2-bin (scripts/install-deps.sh does), "
                        "or configure with -DTIRKEU_PACKAGING=OFF")
endif()

set(pkg_src ${PROJECT_SOURCE_DIR}/packaging)
set(pkg_bin ${PROJECT_BINARY_DIR}/packaging)
set(generate ${pkg_src}/generate.sh)
set(app_id kz.tirkeu.Tirkeu)
file(MAKE_DIRECTORY ${pkg_bin}/icons)

# Generated at build time from the programs themselves: the option tables of --help.
add_custom_command(OUTPUT ${pkg_bin}/tirkeu-cli.1.gz
    COMMAND bash ${generate} cli-man $<TARGET_FILE:tirkeu-cli> ${pkg_bin}/tirkeu-cli.1.gz
    DEPENDS tirkeu-cli ${generate} VERBATIM)
add_custom_command(OUTPUT ${pkg_bin}/tirkeu.1.gz
    COMMAND bash ${generate} gui-man $<TARGET_FILE:tirkeu> ${pkg_bin}/tirkeu.1.gz
    DEPENDS tirkeu ${generate} VERBATIM)
add_custom_command(OUTPUT ${pkg_bin}/tirkeu-cli.bash-completion
    COMMAND bash ${generate} completion $<TARGET_FILE:tirkeu-cli> ${pkg_bin}/tirkeu-cli.bash-completion
    DEPENDS tirkeu-cli ${generate} VERBATIM)
set(pkg_outputs ${pkg_bin}/tirkeu-cli.1.gz ${pkg_bin}/tirkeu.1.gz ${pkg_bin}/tirkeu-cli.bash-completion)

set(TIRKEU_ICON_SIZES 16 22 24 32 48 64 128 256 512)
foreach(size ${TIRKEU_ICON_SIZES})
    set(png ${pkg_bin}/icons/${size}/${app_id}.png)
    add_custom_command(OUTPUT ${png}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${pkg_bin}/icons/${size}
        COMMAND bash ${generate} icon ${pkg_src}/icons/${app_id}.svg ${size} ${png}
        DEPENDS ${pkg_src}/icons/${app_id}.svg ${generate} VERBATIM)
    list(APPEND pkg_outputs ${png})
    install(FILES ${png} DESTINATION share/icons/hicolor/${size}x${size}/apps)
endforeach()

configure_file(${pkg_src}/${app_id}.metainfo.xml.in ${pkg_bin}/${app_id}.metainfo.xml @ONLY)
configure_file(${pkg_src}/debian/changelog.in ${pkg_bin}/changelog.Debian @ONLY)
configure_file(${pkg_src}/debian/copyright.in ${pkg_bin}/copyright @ONLY)
foreach(doc changelog.Debian README.md)
    if(doc STREQUAL "README.md")
        set(in ${pkg_src}/README.md)
        set(out ${pkg_bin}/README.packaging.gz)
    else()
        set(in ${pkg_bin}/${doc})
        set(out ${pkg_bin}/${doc}.gz)
    endif()
    add_custom_command(OUTPUT ${out} COMMAND bash ${generate} gzip ${in} ${out} DEPENDS ${in} ${generate} VERBATIM)
    list(APPEND pkg_outputs ${out})
endforeach()
add_custom_target(tirkeu_package_files ALL DEPENDS ${pkg_outputs})

# The installed tree (under CPACK_PACKAGING_INSTALL_PREFIX=/usr; /etc and /lib are absolute).
# The programs, desktop entry and scalable icon are installed by the top CMakeLists.txt (also
# without this option).
add_custom_command(OUTPUT ${pkg_bin}/tirkeu-ocsp.8.gz
    COMMAND bash ${generate} gzip ${pkg_src}/tirkeu-ocsp.8 ${pkg_bin}/tirkeu-ocsp.8.gz
    DEPENDS ${pkg_src}/tirkeu-ocsp.8 ${generate} VERBATIM)
add_custom_target(tirkeu_ocsp_man ALL DEPENDS ${pkg_bin}/tirkeu-ocsp.8.gz)
install(FILES ${pkg_bin}/tirkeu-ocsp.8.gz DESTINATION share/man/man8)
install(FILES ${pkg_src}/systemd/tirkeu-ocsp.service DESTINATION /lib/systemd/system)
install(FILES ${pkg_src}/ocsp.conf DESTINATION /etc/tirkeu)
install(FILES ${pkg_bin}/${app_id}.metainfo.xml DESTINATION share/metainfo)
install(FILES ${pkg_bin}/tirkeu.1.gz ${pkg_bin}/tirkeu-cli.1.gz DESTINATION share/man/man1)
install(FILES ${pkg_bin}/tirkeu-cli.bash-completion DESTINATION share/bash-completion/completions
        RENAME tirkeu-cli)
install(FILES ${pkg_bin}/copyright ${pkg_bin}/changelog.Debian.gz ${pkg_bin}/README.packaging.gz
        DESTINATION share/doc/tirkeu)
install(PROGRAMS ${pkg_src}/tirkeu-crl-job DESTINATION lib/tirkeu)
install(FILES ${pkg_src}/systemd/tirkeu-crl@.service ${pkg_src}/systemd/tirkeu-crl-full.timer
              ${pkg_src}/systemd/tirkeu-crl-delta.timer DESTINATION /lib/systemd/system)
install(FILES ${pkg_src}/tirkeu.conf DESTINATION /etc/tirkeu)
install(FILES ${pkg_src}/cron/tirkeu DESTINATION /etc/cron.d)
install(FILES ${pkg_src}/tmpfiles/tirkeu.conf DESTINATION lib/tmpfiles.d) # /run/tirkeu: the job's lock

file(WRITE ${pkg_bin}/conffiles "/etc/tirkeu/tirkeu.conf\n/etc/tirkeu/ocsp.conf\n/etc/cron.d/tirkeu\n")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tirkeu)
set(CPACK_PACKAGE_VENDOR "Tirkeu developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${TIRKEU_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "back office of a Kazakhstan certification authority")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${TIRKEU_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${TIRKEU_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The synopsis line is CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the long description only.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Tirkeu is the desktop application (tirkeu) and command-line tool (tirkeu-cli)
of a Kazakhstan certification authority's registration centre: operators enter
the official issuance and revocation forms in Kazakh or Russian, CA officers
approve them, issue certificates, revoke them and publish CRLs, and the
register keeps a tamper-evident event log and the legal retention periods.
.
The package also holds the scheduled CRL publication: systemd timers for the
daily full CRL and the delta CRLs, and a cron example.")
# Libraries from dpkg-shlibdeps; what is loaded at run time (Qt plugins, fonts embedded in PDFs, the
# PKCS#11 engine) and what the maintainer scripts use, by name.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fonts-dejavu-core, libqt6sql6-sqlite, qt6-qpa-plugins, libmicrohttpd12")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n, libengine-pkcs11-openssl")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "softhsm2, libqt6sql6-psql")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${pkg_src}/debian/postinst ${pkg_src}/debian/prerm ${pkg_src}/debian/postrm
                                       ${pkg_bin}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
