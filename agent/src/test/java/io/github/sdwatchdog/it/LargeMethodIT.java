package io.github.sdwatchdog.it;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A method too large to take the agent's calls: one error line, no "instrumented" line, the class unchanged. */
class LargeMethodIT {
    static final Duration GENEROUS = Duration.ofSeconds(30);
    /** 65,529 bytes of code: the ready weaving adds 8, past the class-file limit of 65,535. */
    static final int NOPS = 65_528;

    @TempDir
    Path dir;

    @Test
    void aMethodTooLargeToWeaveIsAnErrorAndNothingClaimsItWasInstrumented() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/big"));
        Files.write(classes.resolve("Big.class"), big());
        Files.write(classes.resolve("Main.class"), main());
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=big.Big#huge").notifySocket(systemd)
                     .main("-cp", dir.resolve("classes").toString(), "big.Main").start()) {
            AgentProcess.Line error = app.awaitStderr("<3>sd-watchdog: cannot weave huge (ready) into big.Big", GENEROUS);
            assertTrue(error.text.contains("leaving the class unchanged") && error.text.contains("MethodTooLargeException"), error.text);
            systemd.await(d -> d.text.startsWith("STATUS=MISCONFIGURED: big.Big#huge cannot be woven"), GENEROUS, "the problem as status");
            assertEquals(0, app.awaitExit(GENEROUS), "the class runs unchanged: " + app.stderrText());
            assertFalse(app.stderrText().contains("instrumented"), app.stderrText());
            assertTrue(systemd.receivedWith("READY=1").isEmpty());
        }
    }

    private static byte[] big() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "big/Big", null, "java/lang/Object", null);
        MethodVisitor huge = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "huge", "()V", null, null);
        huge.visitCode();
        for (int i = 0; i < NOPS; i++) {
            huge.visitInsn(Opcodes.NOP);
        }
        huge.visitInsn(Opcodes.RETURN);
        huge.visitMaxs(0, 0);
        huge.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static byte[] main() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "big/Main", null, "java/lang/Object", null);
        MethodVisitor main = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "main", "([Ljava/lang/String;)V", null, null);
        main.visitCode();
        main.visitMethodInsn(Opcodes.INVOKESTATIC, "big/Big", "huge", "()V", false);
        main.visitLdcInsn(3_000L); // time for the STATUS= to be sent
        main.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Thread", "sleep", "(J)V", false);
        main.visitInsn(Opcodes.RETURN);
        main.visitMaxs(0, 0);
        main.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
