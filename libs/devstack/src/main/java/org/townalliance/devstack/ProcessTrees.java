package org.townalliance.devstack;

import java.util.concurrent.TimeUnit;

/** Stops a process and everything it started, politely first. */
final class ProcessTrees {

    private ProcessTrees() {
    }

    static void stop(ProcessHandle root) {
        var descendants = root.descendants().toList();
        root.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            root.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            root.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
