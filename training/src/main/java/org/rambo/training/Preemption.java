package org.rambo.training;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request to stop training soon and cleanly: the trainer finishes its current step, writes a
 * checkpoint there and the command exits with code 75, to be resumed later. SIGTERM (what
 * {@code kill}, {@code Process.destroy()} and a scheduler's time limit send), SIGINT (Ctrl-C) and
 * SIGUSR1 (Slurm's {@code --signal=USR1@120} warning) raise it once {@link #onSignals} is
 * installed.
 *
 * <p>The handlers replace the JVM's default ones, so the JVM does not start shutting down on
 * these signals and the trainer returns normally. The handler API (sun.misc.Signal) is reached
 * reflectively: it is in every HotSpot and OpenJ9 JVM but not part of the Java SE API. Where it
 * is missing, a shutdown hook asks the trainer to stop and waits (up to two minutes, Slurm's
 * usual warning) for the checkpoint instead; the exit code is then the JVM's for the signal.
 */
public final class Preemption {

    private static final Logger LOG = LoggerFactory.getLogger(Preemption.class);
    private static final List<String> SIGNALS = List.of("TERM", "INT", "USR1");

    private final AtomicReference<String> reason = new AtomicReference<>();
    private final CountDownLatch settled = new CountDownLatch(1);

    /** A preemption no signal raises; {@link #request} still does. */
    public static Preemption manual() {
        return new Preemption();
    }

    /** A preemption raised by SIGTERM, SIGINT and SIGUSR1 of this process. */
    public static Preemption onSignals() {
        Preemption p = new Preemption();
        List<String> missing = new ArrayList<>();
        for (String name : SIGNALS) {
            if (!p.handle(name)) {
                missing.add(name);
            }
        }
        if (missing.contains("TERM")) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                p.request("shutdown");
                                try {
                                    p.settled.await(2, TimeUnit.MINUTES);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "preemption"));
        }
        if (!missing.isEmpty()) {
            LOG.debug("no handler for SIG{}: this JVM has no sun.misc.Signal", missing);
        }
        return p;
    }

    /** Asks the trainer to stop after its current step; the first reason given is kept. */
    public void request(String why) {
        reason.compareAndSet(null, why);
    }

    public boolean requested() {
        return reason.get() != null;
    }

    /** The trainer is done with its run folders (stopped, finished or failed): nothing left to save. */
    public void settle() {
        settled.countDown();
    }

    /** What asked for the stop (SIGTERM, SIGUSR1, ...), or null. */
    public String reason() {
        return reason.get();
    }

    private boolean handle(String name) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            InvocationHandler onSignal = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    request("SIG" + name);
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "preemption handler for SIG" + name;
            };
            Object handler =
                    Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType}, onSignal);
            Object sig = signal.getConstructor(String.class).newInstance(name);
            signal.getMethod("handle", signal, handlerType).invoke(null, sig, handler);
            return true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }
}
