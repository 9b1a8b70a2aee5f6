"""Django format modules (settings FORMAT_MODULE_PATH) where Django's own do not fit Finland."""
