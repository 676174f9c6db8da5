export DISPLAY=:77 HOME=/work/attack30/work/gui/home XDG_CONFIG_HOME=/work/attack30/work/gui/home/.config XDG_DATA_HOME=/work/attack30/work/gui/home/.local/share LC_ALL=C.UTF-8 QT_QPA_PLATFORM=xcb
export TIRKEU_DB=/work/attack30/work/gui/register.sqlite
shot() { import -window root "/work/attack30/work/gui/$1.png"; }
