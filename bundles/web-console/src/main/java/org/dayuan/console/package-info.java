/** The web console: its built files at {@code /} and which lines are installed, for any viewer. */
package org.dayuan.console;
