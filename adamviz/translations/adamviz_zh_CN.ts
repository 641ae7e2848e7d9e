<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>GraphicsScene</name>
    <message>
        <source>Export...</source>
        <translation>导出…</translation>
    </message>
</context>
<context>
    <name>actions</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Preset {number}</source>
        <translation>预设 {number}</translation>
    </message>
    <message>
        <source>the chapter&apos;s presets</source>
        <translation>本章的预设</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>play / pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>one step</source>
        <translation>走一步</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>back to step 0</source>
        <translation>回到第 0 步</translation>
    </message>
    <message>
        <source>reset to step 0</source>
        <translation>重置到第 0 步</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>加快</translation>
    </message>
    <message>
        <source>more steps a second</source>
        <translation>每秒更多步</translation>
    </message>
    <message>
        <source>faster / slower, from 1 step/s to as fast as the machine goes</source>
        <translation>加快 / 减慢，从 1 步/秒到机器所能达到的最快速度</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>减慢</translation>
    </message>
    <message>
        <source>fewer steps a second</source>
        <translation>每秒更少步</translation>
    </message>
    <message>
        <source>Sweep η</source>
        <translation>扫描 η</translation>
    </message>
    <message>
        <source>final loss against the learning rate for every optimizer that runs</source>
        <translation>每个运行中的优化器的最终损失随学习率的变化</translation>
    </message>
    <message>
        <source>final loss against η for every run; click a point to take that η</source>
        <translation>每次运行的最终损失随 η 的变化；单击一点即采用该 η</translation>
    </message>
    <message>
        <source>Compare batch sizes…</source>
        <translation>比较批量大小…</translation>
    </message>
    <message>
        <source>§7.3: minibatch SGD on the airfoil with batches of 1500, 100, 10 and 1, its loss against time</source>
        <translation>§7.3：在翼型数据上以批量大小 1500、100、10 和 1 运行小批量随机梯度下降，损失随时间的变化</translation>
    </message>
    <message>
        <source>compare minibatch sizes on the airfoil (§7.3)</source>
        <translation>在翼型数据上比较小批量大小（§7.3）</translation>
    </message>
    <message>
        <source>Open session…</source>
        <translation>打开会话…</translation>
    </message>
    <message>
        <source>open a saved setup: problem, runs, hyperparameters, view, theme</source>
        <translation>打开保存的设置：问题、运行、超参数、视图、主题</translation>
    </message>
    <message>
        <source>open / save a session</source>
        <translation>打开 / 保存会话</translation>
    </message>
    <message>
        <source>Load optimizer…</source>
        <translation>加载优化器…</translation>
    </message>
    <message>
        <source>race your own optimizer, a Python file written as the chapter&apos;s cells are</source>
        <translation>让你自己的优化器参赛：按本章代码单元格的写法写成的 Python 文件</translation>
    </message>
    <message>
        <source>race your own optimizer from a file</source>
        <translation>让文件中你自己的优化器参赛</translation>
    </message>
    <message>
        <source>Save session…</source>
        <translation>保存会话…</translation>
    </message>
    <message>
        <source>save this setup as a session file</source>
        <translation>把当前设置保存为会话文件</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>a picture (PNG, SVG), an animation (GIF, MP4) or the data (CSV, JSON)</source>
        <translation>图片（PNG、SVG）、动画（GIF、MP4）或数据（CSV、JSON）</translation>
    </message>
    <message>
        <source>export a picture, an animation or the data</source>
        <translation>导出图片、动画或数据</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>保存截图</translation>
    </message>
    <message>
        <source>save the whole window as a PNG</source>
        <translation>把整个窗口保存为 PNG</translation>
    </message>
    <message>
        <source>save a screenshot of the window</source>
        <translation>保存窗口截图</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Presentation mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <source>fullscreen, big type, thick lines, high contrast</source>
        <translation>全屏、大字号、粗线条、高对比度</translation>
    </message>
    <message>
        <source>presentation mode: fullscreen, big type (Esc leaves it)</source>
        <translation>演示模式：全屏、大字号（Esc 退出）</translation>
    </message>
    <message>
        <source>Dark theme</source>
        <translation>深色主题</translation>
    </message>
    <message>
        <source>dark / light theme</source>
        <translation>深色 / 浅色主题</translation>
    </message>
    <message>
        <source>Controls panel</source>
        <translation>控制面板</translation>
    </message>
    <message>
        <source>show or hide the controls / the step-by-step panel</source>
        <translation>显示或隐藏控制面板 / 逐步讲解面板</translation>
    </message>
    <message>
        <source>Step-by-step panel</source>
        <translation>逐步讲解面板</translation>
    </message>
    <message>
        <source>Home view</source>
        <translation>初始视图</translation>
    </message>
    <message>
        <source>back to the problem&apos;s home view</source>
        <translation>回到问题的初始视图</translation>
    </message>
    <message>
        <source>back to the home view</source>
        <translation>回到初始视图</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>this help</source>
        <translation>本帮助</translation>
    </message>
    <message>
        <source>F1  or  ?</source>
        <translation>F1  或  ?</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>离开</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>{error}; keeping the previous function</source>
        <translation>{error}；保留之前的函数</translation>
    </message>
    <message>
        <source>{optimizer} stopped at step {step}: {message}</source>
        <translation>{optimizer} 在第 {step} 步停止：{message}</translation>
    </message>
    <message>
        <source>swarm mode needs a problem with one or two parameters</source>
        <translation>多起点群模式需要只有一个或两个参数的问题</translation>
    </message>
</context>
<context>
    <name>batch_dialog</name>
    <message>
        <source>adamviz — minibatch sizes (§7.3)</source>
        <translation>adamviz — 小批量大小（§7.3）</translation>
    </message>
    <message>
        <source>Loss against</source>
        <translation>横轴</translation>
    </message>
    <message>
        <source>Sizes</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>batch size:η[:epochs], comma-separated (2 epochs unless given), e.g. 1500:1:6, 1:0.005, 100:0.4, 10:0.05; Enter runs them</source>
        <translation>批量大小:η[:迭代周期数]，以逗号分隔（未给出时为 2 个迭代周期），例如 1500:1:6, 1:0.005, 100:0.4, 10:0.05；按 Enter 运行</translation>
    </message>
    <message>
        <source>Each size runs on its own from the same start, timed epoch by epoch on this machine: a step on one example is cheap, but an epoch takes 1500 of them. The seconds differ from run to run; the losses do not.</source>
        <translation>每种批量大小都从同一起点单独运行，在本机上逐个迭代周期计时：单个样本的一步开销很小，但一个迭代周期要走 1500 步。秒数每次运行都不同，损失则不变。</translation>
    </message>
    <message>
        <source>Running minibatch SGD on the airfoil with batches of {sizes}…</source>
        <translation>正在翼型数据上以批量大小 {sizes} 运行小批量随机梯度下降…</translation>
    </message>
    <message>
        <source>{error}; keeping the comparison shown</source>
        <translation>{error}；保留当前显示的比较</translation>
    </message>
    <message>
        <source>The comparison could not be run.</source>
        <translation>无法运行该比较。</translation>
    </message>
    <message>
        <source>Minibatch SGD on the airfoil, seed {seed} (the book&apos;s notebook&apos;s random numbers): the full-data loss after each step.</source>
        <translation>翼型数据上的小批量随机梯度下降，随机种子 {seed}（本书笔记本的随机数）：每步之后的全数据损失。</translation>
    </message>
    <message>
        <source>Minibatch SGD on the airfoil, seed {seed} (adamviz&apos;s random numbers): the full-data loss after each step.</source>
        <translation>翼型数据上的小批量随机梯度下降，随机种子 {seed}（adamviz 的随机数）：每步之后的全数据损失。</translation>
    </message>
</context>
<context>
    <name>batch_plot</name>
    <message>
        <source>time in seconds</source>
        <translation>时间/秒</translation>
    </message>
    <message>
        <source>examples processed</source>
        <translation>已处理样本数</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>{axis} (log scale)</source>
        <translation>{axis}（对数刻度）</translation>
    </message>
    <message>
        <source>least-squares minimum</source>
        <translation>最小二乘最小值</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>{run}: {ms:.3g} ms an epoch</source>
        <translation>{run}：每个迭代周期 {ms:.3g} ms</translation>
    </message>
    <message>
        <source>least-squares minimum {floor:.4g}</source>
        <translation>最小二乘最小值 {floor:.4g}</translation>
    </message>
</context>
<context>
    <name>batches</name>
    <message>
        <source>gradient descent, η = {lr:g}</source>
        <translation>梯度下降，η = {lr:g}</translation>
    </message>
    <message>
        <source>SGD, η = {lr:g}</source>
        <translation>随机梯度下降，η = {lr:g}</translation>
    </message>
    <message>
        <source>batch size {size}, η = {lr:g}</source>
        <translation>批量大小 {size}，η = {lr:g}</translation>
    </message>
    <message>
        <source>{setting!r} is not SIZE:LR or SIZE:LR:EPOCHS (e.g. 100:0.4 or 1500:1:6)</source>
        <translation>{setting!r} 不是 SIZE:LR 或 SIZE:LR:EPOCHS（如 100:0.4 或 1500:1:6）</translation>
    </message>
    <message>
        <source>a comparison runs 1 to {most} batch sizes, not {count}</source>
        <translation>一次比较运行 1 到 {most} 种批量大小，而不是 {count} 种</translation>
    </message>
    <message>
        <source>η for batches of {size} must be above 0 and at most 10, not {lr!r}</source>
        <translation>批量大小 {size} 的 η 必须大于 0 且不超过 10，而不是 {lr!r}</translation>
    </message>
    <message>
        <source>epochs for batches of {size} must be a whole number from 1 to 100, not {epochs!r}</source>
        <translation>批量大小 {size} 的迭代周期数必须是 1 到 100 的整数，而不是 {epochs!r}</translation>
    </message>
</context>
<context>
    <name>contour_view</name>
    <message>
        <source>start point: drag it, or click anywhere on the surface</source>
        <translation>起点：拖动它，或点击曲面上任意位置</translation>
    </message>
    <message>
        <source>{plane}: {share:.1f}% of their spread</source>
        <translation>{plane}：占轨迹散布的 {share:.1f}%</translation>
    </message>
    <message>
        <source>a plane through the least-squares minimum (0, 0) of the six parameters (w, b)</source>
        <translation>六个参数 (w, b) 空间中过最小二乘最小值 (0, 0) 的平面</translation>
    </message>
</context>
<context>
    <name>controls</name>
    <message>
        <source>{symbol} ({name}): {meaning}. Valid range {range}.</source>
        <translation>{symbol}（{name}）：{meaning}。有效范围 {range}。</translation>
    </message>
    <message>
        <source>{name} slider</source>
        <translation>{name} 滑块</translation>
    </message>
    <message>
        <source>{tip} Type an exact value and press Enter.</source>
        <translation>{tip} 输入精确值后按 Enter。</translation>
    </message>
    <message>
        <source>{name} value</source>
        <translation>{name} 值</translation>
    </message>
    <message>
        <source>{error}; keeping {value}</source>
        <translation>{error}；保留 {value}</translation>
    </message>
    <message>
        <source>η&apos;s schedule; empty for a constant η. Enter to apply:
  step:K:G   η·G every K steps (torch&apos;s StepLR)
  exp:G   η·G^(t−1) (ExponentialLR)
  cosine:T or cosine:T:MIN   a cosine down to MIN over T steps, then up again (CosineAnnealingLR)
  warmup:W   η·t/W for the first W steps (LinearLR)
  warmup:W,cosine:T   a warm-up, then another (SequentialLR)
Its η(t) is drawn dotted on the loss plot&apos;s right axis; torch.optim&apos;s version runs torch&apos;s own scheduler.</source>
        <translation>η 的调度；留空则 η 恒定。按 Enter 应用：
  step:K:G   每 K 步 η·G（torch 的 StepLR）
  exp:G   η·G^(t−1)（ExponentialLR）
  cosine:T 或 cosine:T:MIN   在 T 步内按余弦降到 MIN，然后再升回（CosineAnnealingLR）
  warmup:W   前 W 步为 η·t/W（LinearLR）
  warmup:W,cosine:T   先预热，再接另一个（SequentialLR）
其 η(t) 以点线画在损失图的右轴上；torch.optim 版本运行 torch 自己的调度器。</translation>
    </message>
    <message>
        <source>constant (or cosine:100, step:50:0.5 …)</source>
        <translation>恒定（或 cosine:100、step:50:0.5 …）</translation>
    </message>
    <message>
        <source>run {optimizer}: {equations}</source>
        <translation>运行 {optimizer}：{equations}</translation>
    </message>
    <message>
        <source>also step torch.optim&apos;s {optimizer} from the same start on the same batches, drawn dashed</source>
        <translation>同时从同一起点、在相同的小批量上运行 torch.optim 的 {optimizer}，画成虚线</translation>
    </message>
    <message>
        <source>its ε</source>
        <translation>自带 ε</translation>
    </message>
    <message>
        <source>also step torch.optim&apos;s {optimizer} as the chapter&apos;s concise cell calls it: with torch&apos;s own {values}, not the scratch one&apos;s; drawn dash-dot</source>
        <translation>同时按本章简洁实现的调用方式运行 torch.optim 的 {optimizer}：使用 torch 自带的 {values}，而非从零实现版本的；画成点划线</translation>
    </message>
</context>
<context>
    <name>declared</name>
    <message>
        <source>toy2: momentum, RMSProp and Adam</source>
        <translation>toy2：动量法、RMSProp 与 Adam</translation>
    </message>
    <message>
        <source>airfoil: momentum, RMSProp and Adam (the chapter&apos;s settings)</source>
        <translation>airfoil：动量法、RMSProp 与 Adam（本章的设置）</translation>
    </message>
    <message>
        <source>GD on toy1, η = 0.1 (§7.2)</source>
        <translation>toy1 上的梯度下降，η = 0.1（§7.2）</translation>
    </message>
    <message>
        <source>GD on toy2, η = 0.4 (§7.4)</source>
        <translation>toy2 上的梯度下降，η = 0.4（§7.4）</translation>
    </message>
    <message>
        <source>slow along x1, fast across x2</source>
        <translation>沿 x1 方向慢，横穿 x2 方向快</translation>
    </message>
    <message>
        <source>GD on toy2, η = 0.6: x2 diverges (§7.4)</source>
        <translation>toy2 上的梯度下降，η = 0.6：x2 发散（§7.4）</translation>
    </message>
    <message>
        <source>Momentum on toy2, η = 0.4, γ = 0.5 (§7.4)</source>
        <translation>toy2 上的动量法，η = 0.4，γ = 0.5（§7.4）</translation>
    </message>
    <message>
        <source>Momentum on toy2, η = 0.6, γ = 0.5 (§7.4)</source>
        <translation>toy2 上的动量法，η = 0.6，γ = 0.5（§7.4）</translation>
    </message>
    <message>
        <source>AdaGrad on toy2, η = 0.4 (§7.5)</source>
        <translation>toy2 上的 AdaGrad，η = 0.4（§7.5）</translation>
    </message>
    <message>
        <source>RMSProp on toy2, η = 0.4, γ = 0.9 (§7.6)</source>
        <translation>toy2 上的 RMSProp，η = 0.4，γ = 0.9（§7.6）</translation>
    </message>
    <message>
        <source>AdaGrad on toy2, η = 2 (§7.5)</source>
        <translation>toy2 上的 AdaGrad，η = 2（§7.5）</translation>
    </message>
    <message>
        <source>toy1: momentum, RMSProp and Adam</source>
        <translation>toy1：动量法、RMSProp 与 Adam</translation>
    </message>
    <message>
        <source>Minibatch SGD on airfoil, η = 0.05 (§7.3)</source>
        <translation>airfoil 上的小批量随机梯度下降，η = 0.05（§7.3）</translation>
    </message>
    <message>
        <source>Full-batch GD on airfoil, η = 1, 6 epochs: 6 steps (§7.3)</source>
        <translation>airfoil 上的全批量梯度下降，η = 1，6 个迭代周期：6 步（§7.3）</translation>
    </message>
    <message>
        <source>each step sees all 1500 rows: one step an epoch, the loss falls smoothly (the book: 0.2436–0.2447)</source>
        <translation>每步都用全部 1500 行：每个迭代周期一步，损失平稳下降（书中：0.2436–0.2447）</translation>
    </message>
    <message>
        <source>SGD on airfoil, one example a step, η = 0.005, 2 epochs: 3000 steps (§7.3)</source>
        <translation>airfoil 上的随机梯度下降，每步一个样本，η = 0.005，2 个迭代周期：3000 步（§7.3）</translation>
    </message>
    <message>
        <source>a step per example: cheap steps, a noisy loss (the book: 0.2434–0.2464)</source>
        <translation>每个样本一步：每步开销小，损失有噪声（书中：0.2434–0.2464）</translation>
    </message>
    <message>
        <source>Minibatch SGD on airfoil, batches of 100, η = 0.4, 2 epochs (§7.3)</source>
        <translation>airfoil 上的小批量随机梯度下降，批量大小 100，η = 0.4，2 个迭代周期（§7.3）</translation>
    </message>
    <message>
        <source>15 steps an epoch: the English edition&apos;s middle way between 1 and 1500</source>
        <translation>每个迭代周期 15 步：英文版在 1 与 1500 之间的折中</translation>
    </message>
    <message>
        <source>Momentum on airfoil, η = 0.02, γ = 0.5 (§7.4)</source>
        <translation>airfoil 上的动量法，η = 0.02，γ = 0.5（§7.4）</translation>
    </message>
    <message>
        <source>Momentum on airfoil, η = 0.02, γ = 0.9 (§7.4)</source>
        <translation>airfoil 上的动量法，η = 0.02，γ = 0.9（§7.4）</translation>
    </message>
    <message>
        <source>Momentum on airfoil, η = 0.004, γ = 0.9 (§7.4)</source>
        <translation>airfoil 上的动量法，η = 0.004，γ = 0.9（§7.4）</translation>
    </message>
    <message>
        <source>AdaGrad on airfoil, η = 0.1 (§7.5)</source>
        <translation>airfoil 上的 AdaGrad，η = 0.1（§7.5）</translation>
    </message>
    <message>
        <source>RMSProp on airfoil, η = 0.01, γ = 0.9 (§7.6)</source>
        <translation>airfoil 上的 RMSProp，η = 0.01，γ = 0.9（§7.6）</translation>
    </message>
    <message>
        <source>AdaDelta on airfoil, ρ = 0.9 (§7.7)</source>
        <translation>airfoil 上的 AdaDelta，ρ = 0.9（§7.7）</translation>
    </message>
    <message>
        <source>Adam on airfoil, η = 0.01 (§7.8)</source>
        <translation>airfoil 上的 Adam，η = 0.01（§7.8）</translation>
    </message>
    <message>
        <source>toy2: GD, AdaGrad and AdaDelta, 200 steps</source>
        <translation>toy2：梯度下降、AdaGrad 与 AdaDelta，200 步</translation>
    </message>
    <message>
        <source>AdaDelta&apos;s steps start at √ε·g: it creeps, then speeds up</source>
        <translation>AdaDelta 的步长从 √ε·g 开始：先是缓慢爬行，然后加速</translation>
    </message>
    <message>
        <source>Rosenbrock&apos;s banana valley: momentum, RMSProp and Adam</source>
        <translation>Rosenbrock 的香蕉形山谷：动量法、RMSProp 与 Adam</translation>
    </message>
    <message>
        <source>Himmelblau: GD and momentum find one minimum, RMSProp and Adam another</source>
        <translation>Himmelblau：梯度下降与动量法找到一个最小值，RMSProp 与 Adam 找到另一个</translation>
    </message>
    <message>
        <source>A saddle: GD lingers near it, Adam escapes at once</source>
        <translation>鞍点：梯度下降在附近徘徊，Adam 立即逃离</translation>
    </message>
    <message>
        <source>A plateau: momentum with η = 0.1 stays stuck, Adam crosses</source>
        <translation>平台：η = 0.1 的动量法停滞不前，Adam 穿了过去</translation>
    </message>
    <message>
        <source>A plateau: momentum with η = 0.2 crosses, and rattles in the well</source>
        <translation>平台：η = 0.2 的动量法穿了过去，并在井中来回振荡</translation>
    </message>
    <message>
        <source>Rastrigin&apos;s many local minima: everyone settles in the nearest</source>
        <translation>Rastrigin 的众多局部最小值：每个优化器都停在最近的一个</translation>
    </message>
    <message>
        <source>Rosenbrock: AdamW with λ = 0.1 stops short of the minimum, pulled towards 0</source>
        <translation>Rosenbrock：λ = 0.1 的 AdamW 停在最小值之前，被拉向 0</translation>
    </message>
    <message>
        <source>AdamW&apos;s decay η·λ·x does not pass through √ŝ: it stops where it balances the gradient&apos;s pull</source>
        <translation>AdamW 的衰减 η·λ·x 不经过 √ŝ：它停在衰减与梯度的拉力相平衡之处</translation>
    </message>
    <message>
        <source>airfoil: AdamW with λ = 1 stays above the least-squares floor, held back by its decay</source>
        <translation>airfoil：λ = 1 的 AdamW 停在最小二乘下限之上，被它的衰减拖住</translation>
    </message>
    <message>
        <source>weight decay trades training loss for smaller weights, the regularisation it is for</source>
        <translation>权重衰减以训练损失换取更小的权重，这正是它作为正则化的用途</translation>
    </message>
    <message>
        <source>toy2, β₂ = 0.9: Adam forgets the first large gradients and keeps stepping; AMSGrad remembers them and settles</source>
        <translation>toy2，β₂ = 0.9：Adam 忘记了最初的大梯度，继续迈步；AMSGrad 记住了它们并稳定下来</translation>
    </message>
    <message>
        <source>AMSGrad divides by the largest s so far (ś): its steps can only shrink</source>
        <translation>AMSGrad 除以迄今最大的 s（ś）：它的步长只会缩小</translation>
    </message>
    <message>
        <source>Lion on toy2: every step η in each coordinate, so it never settles</source>
        <translation>toy2 上的 Lion：每步在每个坐标上都走 η，因此永不停下</translation>
    </message>
    <message>
        <source>Lion keeps only the sign of its direction; Adam&apos;s steps shrink as v̂/√ŝ does</source>
        <translation>Lion 只保留方向的符号；Adam 的步长随 v̂/√ŝ 缩小</translation>
    </message>
    <message>
        <source>Stochastic gradients on toy1, η = 0.1, σ = 1 (§7.2)</source>
        <translation>toy1 上的随机梯度，η = 0.1，σ = 1（§7.2）</translation>
    </message>
    <message>
        <source>each gradient carries N(0, 1) noise (the book&apos;s code draws mean 0.1 where its text says 0)</source>
        <translation>每个梯度都带有 N(0, 1) 噪声（书中代码的均值为 0.1，而正文说是 0）</translation>
    </message>
    <message>
        <source>Noisy gradients, σ = 1: GD keeps jittering, momentum and Adam average the noise out</source>
        <translation>带噪声的梯度，σ = 1：梯度下降不停抖动，动量法和 Adam 把噪声平均掉</translation>
    </message>
    <message>
        <source>the same noise for every run at a step: momentum (η = 0.01, γ = 0.9, the same long-run step as GD&apos;s η = 0.1) and Adam average it</source>
        <translation>同一步中每个运行的噪声相同：动量法（η = 0.01，γ = 0.9，长期步长与梯度下降的 η = 0.1 相同）和 Adam 把它平均掉</translation>
    </message>
    <message>
        <source>GD on x², η = 0.2, from x = 10 (§7.2)</source>
        <translation>x² 上的梯度下降，η = 0.2，从 x = 10 出发（§7.2）</translation>
    </message>
    <message>
        <source>after 10 steps x = 0.0604662, as the book prints</source>
        <translation>10 步后 x = 0.0604662，与书中打印的一致</translation>
    </message>
    <message>
        <source>GD on x², η = 0.05: too small a step creeps (§7.2)</source>
        <translation>x² 上的梯度下降，η = 0.05：步长太小，进展缓慢（§7.2）</translation>
    </message>
    <message>
        <source>after 10 steps x = 3.48678, as the book prints</source>
        <translation>10 步后 x = 3.48678，与书中打印的一致</translation>
    </message>
    <message>
        <source>GD on x², η = 1.1: too large a step diverges (§7.2)</source>
        <translation>x² 上的梯度下降，η = 1.1：步长太大，发散（§7.2）</translation>
    </message>
    <message>
        <source>each step multiplies x by 1 − 2η = −1.2: after 10 steps x = 61.9174</source>
        <translation>每步把 x 乘以 1 − 2η = −1.2：10 步后 x = 61.9174</translation>
    </message>
    <message>
        <source>x·cos(πx): from x = 0 GD settles in the local minimum; drag the start past the hump (x &gt; 0.37) and it finds the global one (§7.1)</source>
        <translation>x·cos(πx)：从 x = 0 出发，梯度下降停在局部最小值；把起点拖过驼峰（x &gt; 0.37），它就能找到全局最小值（§7.1）</translation>
    </message>
    <message>
        <source>the gradient vanishes at both minima: gradient descent cannot tell them apart</source>
        <translation>两个最小值处梯度都为零：梯度下降无法区分它们</translation>
    </message>
    <message>
        <source>x³: GD creeps towards the saddle at 0 and stops short; momentum runs past it (§7.1)</source>
        <translation>x³：梯度下降缓慢逼近 0 处的鞍点并停在它之前；动量法冲过了它（§7.1）</translation>
    </message>
    <message>
        <source>f′(0) = 0 but 0 is no minimum: past it, the gradient 3x² pushes on for ever</source>
        <translation>f′(0) = 0，但 0 不是最小值：越过它之后，梯度 3x² 一直推着它前进</translation>
    </message>
    <message>
        <source>GD on toy2, η = 0.6 annealed by a cosine over 20 steps: x2 swings out while η &gt; 0.5, then settles</source>
        <translation>toy2 上的梯度下降，η = 0.6 按余弦在 20 步内退火：η &gt; 0.5 时 x2 向外摆动，之后稳定</translation>
    </message>
    <message>
        <source>x2 is multiplied by 1 − 4ηₜ each step: it grows while ηₜ &gt; 0.5 and shrinks once the cosine brings ηₜ below; played on past step 20, η rises again, as torch&apos;s CosineAnnealingLR does</source>
        <translation>x2 每步乘以 1 − 4ηₜ：ηₜ &gt; 0.5 时增大，余弦把 ηₜ 降到其下后缩小；播放超过第 20 步，η 又会回升，与 torch 的 CosineAnnealingLR 一样</translation>
    </message>
    <message>
        <source>Stochastic gradients on toy1, η = 0.1 decaying × 0.97 a step: the jitter dies down with η</source>
        <translation>toy1 上的随机梯度，η = 0.1 每步衰减 × 0.97：抖动随 η 平息</translation>
    </message>
    <message>
        <source>the noise moves x by ηₜ·N(0, 1): as ηₜ falls the run settles, where a constant η keeps jittering</source>
        <translation>噪声让 x 移动 ηₜ·N(0, 1)：随着 ηₜ 下降，运行逐渐稳定，而恒定的 η 会一直抖动</translation>
    </message>
    <message>
        <source>Adam on toy2, η = 1, warmed up over 10 steps, then a cosine over 90</source>
        <translation>toy2 上的 Adam，η = 1，预热 10 步，然后余弦 90 步</translation>
    </message>
    <message>
        <source>Adam&apos;s first steps are ≈ ηₜ long in each coordinate: the warm-up keeps them short</source>
        <translation>Adam 最初几步在每个坐标上长约 ηₜ：预热让它们保持较短</translation>
    </message>
    <message>
        <source>Minibatch SGD on airfoil, η = 0.05 halved every epoch (StepLR)</source>
        <translation>airfoil 上的小批量随机梯度下降，η = 0.05，每个迭代周期减半（StepLR）</translation>
    </message>
    <message>
        <source>halving η each epoch quiets the minibatches&apos; noise in the loss</source>
        <translation>每个迭代周期把 η 减半，平息了小批量在损失中的噪声</translation>
    </message>
    <message>
        <source>toy1: x1² + 2·x2²</source>
        <translation>toy1：x1² + 2·x2²</translation>
    </message>
    <message>
        <source>f(x) = x1² + 2·x2², evenly curved (D2L §7.2)</source>
        <translation>f(x) = x1² + 2·x2²，各方向曲率均匀（D2L §7.2）</translation>
    </message>
    <message>
        <source>toy2: 0.1·x1² + 2·x2²</source>
        <translation>toy2：0.1·x1² + 2·x2²</translation>
    </message>
    <message>
        <source>f(x) = 0.1·x1² + 2·x2², steep across and flat along (D2L §7.4)</source>
        <translation>f(x) = 0.1·x1² + 2·x2²，横向陡峭、纵向平坦（D2L §7.4）</translation>
    </message>
    <message>
        <source>airfoil: linear regression on NASA airfoil noise</source>
        <translation>airfoil：NASA 翼型噪声数据上的线性回归</translation>
    </message>
    <message>
        <source>ŷ = X·w + b on 1500 standardized rows, loss mean((ŷ−y)²/2), minibatches of 10</source>
        <translation>ŷ = X·w + b，1500 行标准化数据，损失 mean((ŷ−y)²/2)，小批量大小 10</translation>
    </message>
    <message>
        <source>least-squares minimum</source>
        <translation>最小二乘最小值</translation>
    </message>
    <message>
        <source>parabola: x²</source>
        <translation>抛物线：x²</translation>
    </message>
    <message>
        <source>f(x) = x², from x = 10 (D2L §7.2)</source>
        <translation>f(x) = x²，从 x = 10 出发（D2L §7.2）</translation>
    </message>
    <message>
        <source>local minima: x·cos(πx)</source>
        <translation>局部最小值：x·cos(πx)</translation>
    </message>
    <message>
        <source>f(x) = x·cos(πx) on [−1, 2]: a local and a global minimum (D2L §7.1)</source>
        <translation>f(x) = x·cos(πx)，在 [−1, 2] 上：一个局部最小值和一个全局最小值（D2L §7.1）</translation>
    </message>
    <message>
        <source>cubic: x³</source>
        <translation>三次函数：x³</translation>
    </message>
    <message>
        <source>f(x) = x³: a saddle point at 0 in one dimension (D2L §7.1)</source>
        <translation>f(x) = x³：一维中 0 处的鞍点（D2L §7.1）</translation>
    </message>
    <message>
        <source>Rosenbrock: (1 − x1)² + 100·(x2 − x1²)²</source>
        <translation>Rosenbrock：(1 − x1)² + 100·(x2 − x1²)²</translation>
    </message>
    <message>
        <source>f(x) = (1 − x1)² + 100·(x2 − x1²)², minimum 0 at (1, 1) at the end of a curved flat valley</source>
        <translation>f(x) = (1 − x1)² + 100·(x2 − x1²)²，最小值 0 位于 (1, 1)，在一条弯曲平坦山谷的尽头</translation>
    </message>
    <message>
        <source>Beale: (1.5 − x1 + x1·x2)² + (2.25 − x1 + x1·x2²)² + (2.625 − x1 + x1·x2³)²</source>
        <translation>Beale：(1.5 − x1 + x1·x2)² + (2.25 − x1 + x1·x2²)² + (2.625 − x1 + x1·x2³)²</translation>
    </message>
    <message>
        <source>f(x) = Σ (cᵢ − x1 + x1·x2ⁱ)², c = 1.5, 2.25, 2.625; minimum 0 at (3, 0.5)</source>
        <translation>f(x) = Σ (cᵢ − x1 + x1·x2ⁱ)²，c = 1.5, 2.25, 2.625；最小值 0 位于 (3, 0.5)</translation>
    </message>
    <message>
        <source>Himmelblau: (x1² + x2 − 11)² + (x1 + x2² − 7)²</source>
        <translation>Himmelblau：(x1² + x2 − 11)² + (x1 + x2² − 7)²</translation>
    </message>
    <message>
        <source>f(x) = (x1² + x2 − 11)² + (x1 + x2² − 7)², four minima at loss 0</source>
        <translation>f(x) = (x1² + x2 − 11)² + (x1 + x2² − 7)²，四个最小值，损失均为 0</translation>
    </message>
    <message>
        <source>saddle: x1² − x2²</source>
        <translation>鞍点：x1² − x2²</translation>
    </message>
    <message>
        <source>f(x) = x1² − x2², a saddle at (0, 0), unbounded below; plotted on a linear axis</source>
        <translation>f(x) = x1² − x2²，(0, 0) 处为鞍点，下方无界；用线性坐标轴绘制</translation>
    </message>
    <message>
        <source>Rastrigin: 20 + Σ (xᵢ² − 10·cos 2πxᵢ)</source>
        <translation>Rastrigin：20 + Σ (xᵢ² − 10·cos 2πxᵢ)</translation>
    </message>
    <message>
        <source>f(x) = 20 + Σ (xᵢ² − 10·cos 2πxᵢ), minimum 0 at the origin among many local minima</source>
        <translation>f(x) = 20 + Σ (xᵢ² − 10·cos 2πxᵢ)，最小值 0 位于原点，周围有许多局部最小值</translation>
    </message>
    <message>
        <source>plateau: 1 − exp(−(x1² + 25·x2²)/2)</source>
        <translation>平台：1 − exp(−(x1² + 25·x2²)/2)</translation>
    </message>
    <message>
        <source>f(x) = 1 − exp(−(x1² + 25·x2²)/2): a narrow well in a nearly flat plateau</source>
        <translation>f(x) = 1 − exp(−(x1² + 25·x2²)/2)：几乎平坦的平台上有一口窄井</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量法</translation>
    </message>
    <message>
        <source>Momentum (D2L §7.4): v ← γ·v + η·g ; x ← x − v.</source>
        <translation>动量法（D2L §7.4）：v ← γ·v + η·g ; x ← x − v。</translation>
    </message>
    <message>
        <source>learning rate: how far each step goes</source>
        <translation>学习率：每一步走多远</translation>
    </message>
    <message>
        <source>momentum: how much of the last velocity carries over</source>
        <translation>动量：上一步的速度保留多少</translation>
    </message>
    <message>
        <source>GD&apos;s step; v adds the velocity carried over, which is why momentum overshoots</source>
        <translation>梯度下降的步；v 加上保留下来的速度，这就是动量法会冲过头的原因</translation>
    </message>
    <message>
        <source>RMSProp</source>
        <translation>RMSProp</translation>
    </message>
    <message>
        <source>RMSProp (D2L §7.6): s ← γ·s + (1−γ)·g² ; x ← x − η·g / √(s + ε).</source>
        <translation>RMSProp（D2L §7.6）：s ← γ·s + (1−γ)·g² ; x ← x − η·g / √(s + ε)。</translation>
    </message>
    <message>
        <source>how slowly the average of g² forgets old gradients</source>
        <translation>g² 的平均遗忘旧梯度有多慢</translation>
    </message>
    <message>
        <source>added for numerical stability so the division never hits zero</source>
        <translation>为数值稳定而加，使除法永远不会除以零</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>Adam (Kingma &amp; Ba 2015; D2L §7.8):
v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ; v̂ = v/(1−β₁ᵗ) ; ŝ = s/(1−β₂ᵗ) ;
x ← x − η·v̂/(√ŝ + ε), with t = 1 at the first step.</source>
        <translation>Adam（Kingma &amp; Ba 2015；D2L §7.8）：
v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ; v̂ = v/(1−β₁ᵗ) ; ŝ = s/(1−β₂ᵗ) ;
x ← x − η·v̂/(√ŝ + ε)，第一步时 t = 1。</translation>
    </message>
    <message>
        <source>how slowly the average of g (the momentum) forgets</source>
        <translation>g 的平均（即动量）遗忘有多慢</translation>
    </message>
    <message>
        <source>how slowly the average of g² forgets</source>
        <translation>g² 的平均遗忘有多慢</translation>
    </message>
    <message>
        <source>≈ 1 per coordinate while v̂/√ŝ ≈ ±1: Adam&apos;s first steps all have length ≈ η</source>
        <translation>当 v̂/√ŝ ≈ ±1 时每个坐标上 ≈ 1：Adam 的最初几步长度都 ≈ η</translation>
    </message>
    <message>
        <source>GD</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <source>Gradient descent (D2L §7.2): x ← x − η·g.</source>
        <translation>梯度下降（D2L §7.2）：x ← x − η·g。</translation>
    </message>
    <message>
        <source>AdaGrad</source>
        <translation>AdaGrad</translation>
    </message>
    <message>
        <source>AdaGrad (D2L §7.5): s ← s + g² ; x ← x − η·g / √(s + ε).</source>
        <translation>AdaGrad（D2L §7.5）：s ← s + g² ; x ← x − η·g / √(s + ε)。</translation>
    </message>
    <message>
        <source>AdaDelta</source>
        <translation>AdaDelta</translation>
    </message>
    <message>
        <source>AdaDelta (D2L §7.7), no learning rate:
s ← ρ·s + (1−ρ)·g² ; g&apos; ← √((Δ + ε)/(s + ε))·g ; x ← x − g&apos; ; Δ ← ρ·Δ + (1−ρ)·g&apos;².</source>
        <translation>AdaDelta（D2L §7.7），没有学习率：
s ← ρ·s + (1−ρ)·g² ; g&apos; ← √((Δ + ε)/(s + ε))·g ; x ← x − g&apos; ; Δ ← ρ·Δ + (1−ρ)·g&apos;².</translation>
    </message>
    <message>
        <source>how slowly the averages of g² and of the steps forget</source>
        <translation>g² 的平均与步长的平均遗忘有多慢</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>AdamW (Loshchilov &amp; Hutter 2019, &quot;Decoupled weight decay regularization&quot;), as torch.optim.AdamW:
Adam&apos;s step, and beside it the weights shrink by η·λ of themselves, not through the gradient as an L2
penalty would (which Adam&apos;s division by √ŝ would undo where gradients are large):
d = η·λ·x ; v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ; v̂ = v/(1−β₁ᵗ) ; ŝ = s/(1−β₂ᵗ) ;
x ← x − d − η·v̂/(√ŝ + ε).</source>
        <translation>AdamW（Loshchilov &amp; Hutter 2019，“Decoupled weight decay regularization”），与 torch.optim.AdamW 相同：
Adam 的步，另外权重每步按自身的 η·λ 缩小，而不像 L2 惩罚那样通过梯度
（在梯度大的地方，Adam 除以 √ŝ 会抵消它）：
d = η·λ·x ; v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ; v̂ = v/(1−β₁ᵗ) ; ŝ = s/(1−β₂ᵗ) ;
x ← x − d − η·v̂/(√ŝ + ε).</translation>
    </message>
    <message>
        <source>weight decay: each step also shrinks the weights by η·λ of themselves</source>
        <translation>权重衰减：每步还把权重按自身的 η·λ 缩小</translation>
    </message>
    <message>
        <source>AMSGrad</source>
        <translation>AMSGrad</translation>
    </message>
    <message>
        <source>AMSGrad (Reddi, Kale &amp; Kumar 2018, &quot;On the convergence of Adam and beyond&quot;), as torch.optim.Adam(amsgrad=True):
Adam, dividing by the largest second moment seen so far, so a rare large gradient is not forgotten
(Adam&apos;s ŝ forgets it at the rate 1−β₂ and its steps grow again):
v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ; ś ← max(ś, s) ; v̂ = v/(1−β₁ᵗ) ; ŝ = ś/(1−β₂ᵗ) ;
x ← x − η·v̂/(√ŝ + ε).</source>
        <translation>AMSGrad（Reddi, Kale &amp; Kumar 2018，“On the convergence of Adam and beyond”），与 torch.optim.Adam(amsgrad=True) 相同：
即 Adam，但除以迄今见过的最大二阶矩，因此罕见的大梯度不会被遗忘
（Adam 的 ŝ 以 1−β₂ 的速率遗忘它，步长又会变大）：
v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ; ś ← max(ś, s) ; v̂ = v/(1−β₁ᵗ) ; ŝ = ś/(1−β₂ᵗ) ;
x ← x − η·v̂/(√ŝ + ε).</translation>
    </message>
    <message>
        <source>Adamax</source>
        <translation>Adamax</translation>
    </message>
    <message>
        <source>Adamax (Kingma &amp; Ba 2015, §7.1), as torch.optim.Adamax: Adam with the infinity norm in place of the
second moment, so the scale is the largest recent |g|, decayed by β₂:
v ← β₁·v + (1−β₁)·g ; u ← max(β₂·u, |g| + ε) ; v̂ = v/(1−β₁ᵗ) ; x ← x − η·v̂/u.</source>
        <translation>Adamax（Kingma &amp; Ba 2015，§7.1），与 torch.optim.Adamax 相同：用无穷范数代替二阶矩的
Adam，其尺度是最近最大的 |g|，按 β₂ 衰减：
v ← β₁·v + (1−β₁)·g ; u ← max(β₂·u, |g| + ε) ; v̂ = v/(1−β₁ᵗ) ; x ← x − η·v̂/u.</translation>
    </message>
    <message>
        <source>how slowly the largest recent |g| forgets</source>
        <translation>最近最大的 |g| 遗忘有多慢</translation>
    </message>
    <message>
        <source>NAdam</source>
        <translation>NAdam</translation>
    </message>
    <message>
        <source>NAdam (Dozat 2016, &quot;Incorporating Nesterov momentum into Adam&quot;), as torch.optim.NAdam: Adam whose
step already looks one step ahead along the momentum, with a momentum that warms up over the first
steps (μₜ, by the momentum decay ψ):
μₜ = β₁·(1 − ½·0.96^(t·ψ)) ; μₜ₊₁ likewise ; v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ;
ŝ = s/(1−β₂ᵗ) ; x ← x − η·(1−μₜ)/(1−μ₁⋯μₜ)·g/(√ŝ + ε) − η·μₜ₊₁/(1−μ₁⋯μₜ₊₁)·v/(√ŝ + ε).</source>
        <translation>NAdam（Dozat 2016，“Incorporating Nesterov momentum into Adam”），与 torch.optim.NAdam 相同：
步长已沿动量向前看一步的 Adam，其动量在最初几步
预热（μₜ，由动量衰减 ψ 决定）：
μₜ = β₁·(1 − ½·0.96^(t·ψ)) ; μₜ₊₁ 同理 ; v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ;
ŝ = s/(1−β₂ᵗ) ; x ← x − η·(1−μₜ)/(1−μ₁⋯μₜ)·g/(√ŝ + ε) − η·μₜ₊₁/(1−μ₁⋯μₜ₊₁)·v/(√ŝ + ε).</translation>
    </message>
    <message>
        <source>how fast the momentum μₜ warms up to β₁ over the first steps</source>
        <translation>动量 μₜ 在最初几步预热到 β₁ 的快慢</translation>
    </message>
    <message>
        <source>RAdam</source>
        <translation>RAdam</translation>
    </message>
    <message>
        <source>RAdam (Liu et al. 2020, &quot;On the variance of the adaptive learning rate and beyond&quot;), as torch.optim.RAdam:
while too few gradients have been seen for √ŝ to be trusted (ρₜ ≤ 5), a plain momentum step; after that
Adam&apos;s step, scaled down by the rectification r, which grows towards 1:
v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ; v̂ = v/(1−β₁ᵗ) ; ρ∞ = 2/(1−β₂) − 1 ;
ρₜ = ρ∞ − 2t·β₂ᵗ/(1−β₂ᵗ) ; if ρₜ &gt; 5: r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ)),
x ← x − η·r·v̂·√(1−β₂ᵗ)/(√s + ε) ; else x ← x − η·v̂.</source>
        <translation>RAdam（Liu et al. 2020，“On the variance of the adaptive learning rate and beyond”），与 torch.optim.RAdam 相同：
见过的梯度太少、√ŝ 还不可信时（ρₜ ≤ 5），走普通的动量步；之后
走 Adam 的步，并按校正因子 r 缩小，r 逐渐增大到 1：
v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ; v̂ = v/(1−β₁ᵗ) ; ρ∞ = 2/(1−β₂) − 1 ;
ρₜ = ρ∞ − 2t·β₂ᵗ/(1−β₂ᵗ) ; 若 ρₜ &gt; 5：r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ))，
x ← x − η·r·v̂·√(1−β₂ᵗ)/(√s + ε) ; 否则 x ← x − η·v̂。</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <source>Nesterov momentum (Nesterov 1983; Sutskever et al. 2013), as torch.optim.SGD(nesterov=True) for a
constant η: momentum whose step also takes the velocity&apos;s next decay in advance, so it brakes before
it overshoots: v ← γ·v + η·g ; x ← x − (η·g + γ·v).</source>
        <translation>Nesterov 动量（Nesterov 1983；Sutskever et al. 2013），η 恒定时与 torch.optim.SGD(nesterov=True) 相同：
动量法，但它的步还提前计入速度的下一次衰减，因此在冲过头之前就会
刹车：v ← γ·v + η·g ; x ← x − (η·g + γ·v)。</translation>
    </message>
    <message>
        <source>Yogi</source>
        <translation>Yogi</translation>
    </message>
    <message>
        <source>Yogi (Zaheer et al. 2018, &quot;Adaptive methods for nonconvex optimization&quot;), as Dive into Deep Learning&apos;s
Adam section (English edition) writes it: Adam whose second moment moves towards g² by a fixed
(1−β₂)·g² a step, up or down, instead of a share of the gap, so one large gradient cannot blow s up and
s forgets no faster than it learns:
v ← β₁·v + (1−β₁)·g ; s ← s + (1−β₂)·g²·sign(g² − s) ; v̂ = v/(1−β₁ᵗ) ; ŝ = s/(1−β₂ᵗ) ;
x ← x − η·v̂/(√ŝ + ε).</source>
        <translation>Yogi（Zaheer et al. 2018，“Adaptive methods for nonconvex optimization”），按《动手学深度学习》
Adam 一节（英文版）的写法：二阶矩每步向 g² 移动固定的 (1−β₂)·g²，
向上或向下，而不是差距的一部分，因此一个大梯度无法让 s 暴涨，
s 遗忘的速度也不会快于学习的速度：
v ← β₁·v + (1−β₁)·g ; s ← s + (1−β₂)·g²·sign(g² − s) ; v̂ = v/(1−β₁ᵗ) ; ŝ = s/(1−β₂ᵗ) ;
x ← x − η·v̂/(√ŝ + ε).</translation>
    </message>
    <message>
        <source>how slowly s follows g², by (1−β₂)·g² a step</source>
        <translation>s 跟随 g² 有多慢：每步 (1−β₂)·g²</translation>
    </message>
    <message>
        <source>Lion</source>
        <translation>Lion</translation>
    </message>
    <message>
        <source>Lion (Chen et al. 2023, &quot;Symbolic discovery of optimization algorithms&quot;): the step keeps only the sign
of an interpolation between the momentum and the gradient, so every coordinate moves by exactly η
(plus the weight decay), however steep or flat the surface:
c = β₁·m + (1−β₁)·g ; x ← x − η·(sign(c) + λ·x) ; m ← β₂·m + (1−β₂)·g.</source>
        <translation>Lion（Chen et al. 2023，“Symbolic discovery of optimization algorithms”）：步只保留
动量与梯度之间插值的符号，因此每个坐标都恰好移动 η
（加上权重衰减），无论曲面多陡或多平：
c = β₁·m + (1−β₁)·g ; x ← x − η·(sign(c) + λ·x) ; m ← β₂·m + (1−β₂)·g.</translation>
    </message>
    <message>
        <source>how much of the momentum the step&apos;s direction takes (the rest is g)</source>
        <translation>步的方向取动量的多少（其余是 g）</translation>
    </message>
    <message>
        <source>how slowly the momentum forgets</source>
        <translation>动量遗忘有多慢</translation>
    </message>
    <message>
        <source>exactly 1 in every coordinate (with λ = 0): the sign keeps the direction, never the size</source>
        <translation>每个坐标上恰好为 1（λ = 0 时）：符号保留方向，从不保留大小</translation>
    </message>
</context>
<context>
    <name>engine</name>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>Engine error: {summary}</source>
        <translation>引擎错误：{summary}</translation>
    </message>
    <message>
        <source>{title} (torch.optim)</source>
        <translation>{title}（torch.optim）</translation>
    </message>
    <message>
        <source>{title} (torch.optim, its {own})</source>
        <translation>{title}（torch.optim，自带 {own}）</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>({count} more since this dialog opened.)</source>
        <translation>（此对话框打开后又出现 {count} 次。）</translation>
    </message>
    <message>
        <source>The details are in {path}.</source>
        <translation>详细信息见 {path}。</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <source>adamviz is still running.</source>
        <translation>adamviz 仍在运行。</translation>
    </message>
</context>
<context>
    <name>export_batches</name>
    <message>
        <source>{optimizer} on airfoil: loss against time, by minibatch size (§7.3)</source>
        <translation>{optimizer} 在 airfoil 上：各小批量大小的损失随时间变化（§7.3）</translation>
    </message>
    <message>
        <source>{optimizer} on airfoil: loss against examples, by minibatch size (§7.3)</source>
        <translation>{optimizer} 在 airfoil 上：各小批量大小的损失随样本数变化（§7.3）</translation>
    </message>
    <message>
        <source>{optimizer} on airfoil: loss against epochs, by minibatch size (§7.3)</source>
        <translation>{optimizer} 在 airfoil 上：各小批量大小的损失随迭代周期变化（§7.3）</translation>
    </message>
    <message>
        <source>Minibatch SGD</source>
        <translation>小批量随机梯度下降</translation>
    </message>
</context>
<context>
    <name>export_dialog</name>
    <message>
        <source>PNG picture</source>
        <translation>PNG 图片</translation>
    </message>
    <message>
        <source>SVG picture (vector)</source>
        <translation>SVG 图片（矢量）</translation>
    </message>
    <message>
        <source>GIF animation</source>
        <translation>GIF 动画</translation>
    </message>
    <message>
        <source>MP4 video</source>
        <translation>MP4 视频</translation>
    </message>
    <message>
        <source>CSV data (one row per run and step)</source>
        <translation>CSV 数据（每次运行每步一行）</translation>
    </message>
    <message>
        <source>JSON data (the adamviz trace schema)</source>
        <translation>JSON 数据（adamviz 轨迹格式）</translation>
    </message>
    <message>
        <source>adamviz — export</source>
        <translation>adamviz — 导出</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>the loss surface with the runs</source>
        <translation>损失曲面及各运行</translation>
    </message>
    <message>
        <source>the loss plot</source>
        <translation>损失曲线图</translation>
    </message>
    <message>
        <source>the whole window</source>
        <translation>整个窗口</translation>
    </message>
    <message>
        <source>Picture of</source>
        <translation>图片内容</translation>
    </message>
    <message>
        <source>Size (pixels)</source>
        <translation>尺寸（像素）</translation>
    </message>
    <message>
        <source>one frame every K steps (1: every step)</source>
        <translation>每 K 步一帧（1：每步一帧）</translation>
    </message>
    <message>
        <source>Frame every K steps</source>
        <translation>每 K 步一帧</translation>
    </message>
    <message>
        <source>Frames per second</source>
        <translation>每秒帧数</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>choose a file to write</source>
        <translation>请选择要写入的文件</translation>
    </message>
    <message>
        <source>cannot prepare the export: {error}</source>
        <translation>无法准备导出：{error}</translation>
    </message>
    <message>
        <source>export cancelled: nothing was written</source>
        <translation>导出已取消：未写入任何文件</translation>
    </message>
    <message>
        <source>export failed ({code})</source>
        <translation>导出失败（{code}）</translation>
    </message>
</context>
<context>
    <name>export_swarm</name>
    <message>
        <source>step {step}  ·  {count:,} × {optimizer}</source>
        <translation>第 {step} 步  ·  {count:,} × {optimizer}</translation>
    </message>
    <message>
        <source>{arrived:,} at the lowest loss (±{near:g}), {diverged:,} diverged</source>
        <translation>{arrived:,} 个到达最低损失 (±{near:g})，{diverged:,} 个发散</translation>
    </message>
    <message>
        <source>{arrived:,} below f = {floor:g}, {diverged:,} diverged</source>
        <translation>{arrived:,} 个低于 f = {floor:g}，{diverged:,} 个发散</translation>
    </message>
</context>
<context>
    <name>export_views</name>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <source>epoch {epoch:.2f}</source>
        <translation>迭代周期 {epoch:.2f}</translation>
    </message>
    <message>
        <source>full batch</source>
        <translation>全批量</translation>
    </message>
    <message>
        <source>batches of {size}</source>
        <translation>批量大小 {size}</translation>
    </message>
    <message>
        <source>gradient noise σ = {sigma:g}</source>
        <translation>梯度噪声 σ = {sigma:g}</translation>
    </message>
    <message>
        <source>{run} diverged at step {step}</source>
        <translation>{run} 在第 {step} 步发散</translation>
    </message>
</context>
<context>
    <name>expression</name>
    <message>
        <source>allowed names are x1, x2, pi, e and the functions {functions}</source>
        <translation>允许的名称为 x1、x2、pi、e 以及函数 {functions}</translation>
    </message>
    <message>
        <source>the operators are + - * / **</source>
        <translation>运算符为 + - * / **</translation>
    </message>
    <message>
        <source>write powers as x1**2</source>
        <translation>幂写作 x1**2</translation>
    </message>
    <message>
        <source>attribute access</source>
        <translation>属性访问</translation>
    </message>
    <message>
        <source>indexing</source>
        <translation>索引</translation>
    </message>
    <message>
        <source>slicing</source>
        <translation>切片</translation>
    </message>
    <message>
        <source>a lambda</source>
        <translation>lambda 表达式</translation>
    </message>
    <message>
        <source>a comprehension</source>
        <translation>推导式</translation>
    </message>
    <message>
        <source>a generator</source>
        <translation>生成器</translation>
    </message>
    <message>
        <source>unpacking with *</source>
        <translation>用 * 解包</translation>
    </message>
    <message>
        <source>a comparison</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>and/or</source>
        <translation>and/or</translation>
    </message>
    <message>
        <source>an f-string</source>
        <translation>f-string</translation>
    </message>
    <message>
        <source>assignment (:=)</source>
        <translation>赋值 (:=)</translation>
    </message>
    <message>
        <source>if/else</source>
        <translation>if/else</translation>
    </message>
    <message>
        <source>a tuple</source>
        <translation>元组</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>a set</source>
        <translation>集合</translation>
    </message>
    <message>
        <source>a dict</source>
        <translation>字典</translation>
    </message>
    <message>
        <source>an expression is text, not {kind}</source>
        <translation>表达式应为文本，而不是 {kind}</translation>
    </message>
    <message>
        <source>the expression is empty: write a function of x1 and x2, e.g. x1**2 + 3*x2**2</source>
        <translation>表达式为空：请写一个 x1 和 x2 的函数，如 x1**2 + 3*x2**2</translation>
    </message>
    <message>
        <source>the expression is too long ({length} characters; at most {most})</source>
        <translation>表达式过长（{length} 个字符；最多 {most} 个）</translation>
    </message>
    <message>
        <source>the expression contains a NUL character</source>
        <translation>表达式含有 NUL 字符</translation>
    </message>
    <message>
        <source>syntax error at column {column}: {message} (products need a *, as in 2*x1)</source>
        <translation>第 {column} 列语法错误：{message}（乘积需要写 *，如 2*x1）</translation>
    </message>
    <message>
        <source>syntax error at column {column}: {message}</source>
        <translation>第 {column} 列语法错误：{message}</translation>
    </message>
    <message>
        <source>syntax error at the end: {message} (products need a *, as in 2*x1)</source>
        <translation>末尾语法错误：{message}（乘积需要写 *，如 2*x1）</translation>
    </message>
    <message>
        <source>syntax error at the end: {message}</source>
        <translation>末尾语法错误：{message}</translation>
    </message>
    <message>
        <source>the expression cannot be parsed (too deeply nested?)</source>
        <translation>无法解析表达式（嵌套过深？）</translation>
    </message>
    <message>
        <source>the expression is too large (more than {most} parts)</source>
        <translation>表达式过大（超过 {most} 个部分）</translation>
    </message>
    <message>
        <source>the expression is nested too deeply (more than {most} levels)</source>
        <translation>表达式嵌套过深（超过 {most} 层）</translation>
    </message>
    <message>
        <source>use numbers, x1, x2, pi, e, + - * / ** and the functions {functions}</source>
        <translation>请使用数字、x1、x2、pi、e、+ - * / ** 以及函数 {functions}</translation>
    </message>
    <message>
        <source>the complex number `{code}`</source>
        <translation>复数 `{code}`</translation>
    </message>
    <message>
        <source>use real numbers only</source>
        <translation>只能使用实数</translation>
    </message>
    <message>
        <source>the string `{code}`</source>
        <translation>字符串 `{code}`</translation>
    </message>
    <message>
        <source>use numbers only</source>
        <translation>只能使用数字</translation>
    </message>
    <message>
        <source>the number `{code}`</source>
        <translation>数字 `{code}`</translation>
    </message>
    <message>
        <source>it is too large for a float</source>
        <translation>它超出了浮点数的范围</translation>
    </message>
    <message>
        <source>`{function}` without an argument</source>
        <translation>不带参数的 `{function}`</translation>
    </message>
    <message>
        <source>write it as {function}(...)</source>
        <translation>请写作 {function}(...)</translation>
    </message>
    <message>
        <source>allowed names are x1, x2, pi, e and the functions {functions} (did you mean {name}?)</source>
        <translation>允许的名称为 x1、x2、pi、e 以及函数 {functions}（是指 {name} 吗？）</translation>
    </message>
    <message>
        <source>the exponent `{code}` is too large (column {column}): |exponent| must be at most {most:g}</source>
        <translation>指数 `{code}` 过大（第 {column} 列）：|指数| 最多为 {most:g}</translation>
    </message>
    <message>
        <source>`{code}` is not a function (column {column}): products need a *, as in {code}*(...)</source>
        <translation>`{code}` 不是函数（第 {column} 列）：乘积需要写 *，如 {code}*(...)</translation>
    </message>
    <message>
        <source>calling</source>
        <translation>调用</translation>
    </message>
    <message>
        <source>the only calls allowed are {calls}</source>
        <translation>只允许调用 {calls}</translation>
    </message>
    <message>
        <source>the keyword argument `{code}`</source>
        <translation>关键字参数 `{code}`</translation>
    </message>
    <message>
        <source>write {function}(...) with one plain argument</source>
        <translation>请写作只带一个普通参数的 {function}(...)</translation>
    </message>
    <message>
        <source>`{function}` takes exactly one argument, not {count} (column {column})</source>
        <translation>`{function}` 只接受一个参数，而不是 {count} 个（第 {column} 列）</translation>
    </message>
    <message>
        <source>{what} is not allowed (column {column}): {hint}</source>
        <translation>{what} 不可使用（第 {column} 列）：{hint}</translation>
    </message>
    <message>
        <source>{what} is not allowed (column {column})</source>
        <translation>{what} 不可使用（第 {column} 列）</translation>
    </message>
</context>
<context>
    <name>files</name>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>opened {path} without {names}</source>
        <translation>已打开 {path}，未加载 {names}</translation>
    </message>
    <message>
        <source>opened {path}</source>
        <translation>已打开 {path}</translation>
    </message>
    <message>
        <source>This session runs your own optimizer code: {names}.</source>
        <translation>此会话会运行你自己的优化器代码：{names}。</translation>
    </message>
    <message>
        <source>{names} changed since the session was saved.</source>
        <translation>{names} 在会话保存后有改动。</translation>
    </message>
    <message>
        <source>Run it? It runs in adamviz&apos;s engine process, as your own code.</source>
        <translation>要运行吗？它作为你自己的代码在 adamviz 的引擎进程中运行。</translation>
    </message>
    <message>
        <source>Run your own code?</source>
        <translation>运行你自己的代码？</translation>
    </message>
    <message>
        <source>Load your optimizer</source>
        <translation>加载你的优化器</translation>
    </message>
    <message>
        <source>Python files</source>
        <translation>Python 文件</translation>
    </message>
    <message>
        <source>{names} not loaded: your own code runs only when you load it (File → Load optimizer…)</source>
        <translation>{names} 未加载：你自己的代码只在你加载时运行（文件 → 加载优化器…）</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>saved {name} in {folder}</source>
        <translation>已保存 {name}，位于 {folder}</translation>
    </message>
    <message>
        <source>adamviz sessions</source>
        <translation>adamviz 会话</translation>
    </message>
</context>
<context>
    <name>help</name>
    <message>
        <source>Keyboard</source>
        <translation>键盘</translation>
    </message>
    <message>
        <source>Press any key or click to close.</source>
        <translation>按任意键或单击关闭。</translation>
    </message>
</context>
<context>
    <name>hyperparams</name>
    <message>
        <source>{name} must be a number</source>
        <translation>{name} 必须是数字</translation>
    </message>
    <message>
        <source>{assignment} is not a finite number</source>
        <translation>{assignment} 不是有限数</translation>
    </message>
    <message>
        <source>{assignment} is outside its range {range}</source>
        <translation>{assignment} 超出其范围 {range}</translation>
    </message>
    <message>
        <source>{name}: {text!r} is not a number</source>
        <translation>{name}：{text!r} 不是数字</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{owner} has no hyperparameter {name!r} (it has: {known})</source>
        <translation>{owner} 没有超参数 {name!r}（它有：{known}）</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>{optimizer} (torch.optim, its {defaults})  {values}</source>
        <translation>{optimizer}（torch.optim，自带 {defaults}）  {values}</translation>
    </message>
</context>
<context>
    <name>language</name>
    <message>
        <source>Language</source>
        <translation>语言 (Language)</translation>
    </message>
</context>
<context>
    <name>legend</name>
    <message>
        <source>dashed: torch.optim&apos;s version</source>
        <translation>虚线：torch.optim 版本</translation>
    </message>
    <message>
        <source>dash-dot: torch.optim at its own ε, as the chapter&apos;s concise cells</source>
        <translation>点划线：torch.optim 使用自带 ε，同本章简洁实现</translation>
    </message>
    <message>
        <source>dashed: torch.optim</source>
        <translation>虚线：torch.optim</translation>
    </message>
    <message>
        <source>dash-dot: torch&apos;s ε</source>
        <translation>点划线：torch 的 ε</translation>
    </message>
</context>
<context>
    <name>loss_view</name>
    <message>
        <source>median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>median loss</source>
        <translation>损失中位数</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>{floor} {value:.6f}: no run can go below it</source>
        <translation>{floor} {value:.6f}：任何运行都不会低于它</translation>
    </message>
</context>
<context>
    <name>problems</name>
    <message>
        <source>the custom problem needs a function of x1 and x2, e.g. x1**2 + 3*sin(x2)</source>
        <translation>自定义问题需要一个 x1 和 x2 的函数，如 x1**2 + 3*sin(x2)</translation>
    </message>
    <message>
        <source>{title} (full batch)</source>
        <translation>{title}（全批量）</translation>
    </message>
    <message>
        <source>{title} (batches of {size})</source>
        <translation>{title}（批量大小 {size}）</translation>
    </message>
    <message>
        <source>ŷ = X·w + b on 1500 standardized rows, loss mean((ŷ−y)²/2), minibatches of {size}</source>
        <translation>ŷ = X·w + b，1500 行标准化数据，损失 mean((ŷ−y)²/2)，小批量大小 {size}</translation>
    </message>
    <message>
        <source>the batch size is a whole number of rows from 1 to {most}, not {size!r}</source>
        <translation>批量大小是 1 到 {most} 之间的整数行数，而不是 {size!r}</translation>
    </message>
    <message>
        <source>`{function}` is a constant: a loss must depend on x1 or x2</source>
        <translation>`{function}` 是常数：损失必须依赖于 x1 或 x2</translation>
    </message>
    <message>
        <source>`{function}` is not finite anywhere in the view x1 ∈ [{x1_low:g}, {x1_high:g}], x2 ∈ [{x2_low:g}, {x2_high:g}]</source>
        <translation>`{function}` 在视图 x1 ∈ [{x1_low:g}, {x1_high:g}], x2 ∈ [{x2_low:g}, {x2_high:g}] 内处处非有限</translation>
    </message>
    <message>
        <source>`{function}` is constant ({value:g}) over the view: there is nothing to descend</source>
        <translation>`{function}` 在视图内为常数 ({value:g})：无处可降</translation>
    </message>
    <message>
        <source>custom: {function}</source>
        <translation>自定义：{function}</translation>
    </message>
    <message>
        <source>f(x) = {function}; minimum and floor estimated on a {grid}×{grid} grid over the view</source>
        <translation>f(x) = {function}；最小值和下界在视图上的 {grid}×{grid} 网格中估计</translation>
    </message>
    <message>
        <source>the gradient noise σ must be a number, not {sigma!r}</source>
        <translation>梯度噪声 σ 必须是数字，而不是 {sigma!r}</translation>
    </message>
    <message>
        <source>the gradient noise σ must be between 0 and {most:g}, not {sigma:g}</source>
        <translation>梯度噪声 σ 必须在 0 到 {most:g} 之间，而不是 {sigma:g}</translation>
    </message>
    <message>
        <source>gradient noise applies to the 1-D and 2-D problems, not {problem} (its minibatches are its noise)</source>
        <translation>梯度噪声只适用于一维和二维问题，不适用于 {problem}（它的小批量就是它的噪声）</translation>
    </message>
    <message>
        <source>{title}, noisy gradients σ = {sigma:g}</source>
        <translation>{title}，带噪声梯度 σ = {sigma:g}</translation>
    </message>
</context>
<context>
    <name>rate_curves</name>
    <message>
        <source>dotted: η at each step (right axis)</source>
        <translation>点线：每步的 η（右轴）</translation>
    </message>
</context>
<context>
    <name>readout</name>
    <message>
        <source>max speed</source>
        <translation>最快速度</translation>
    </message>
    <message>
        <source>{speed:g} step/s</source>
        <translation>{speed:g} 步/秒</translation>
    </message>
    <message>
        <source>{speed:g} steps/s</source>
        <translation>{speed:g} 步/秒</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <source>step {step}  ·  epoch {epoch:.2f}</source>
        <translation>第 {step} 步  ·  迭代周期 {epoch:.2f}</translation>
    </message>
    <message>
        <source>stopped at step {step}: not a number</source>
        <translation>在第 {step} 步停止：不是数</translation>
    </message>
    <message>
        <source>stopped at step {step}: its code raised an error</source>
        <translation>在第 {step} 步停止：其代码引发了错误</translation>
    </message>
    <message>
        <source>diverged at step {step}</source>
        <translation>在第 {step} 步发散</translation>
    </message>
    <message>
        <source>an error</source>
        <translation>一个错误</translation>
    </message>
    <message>
        <source>{message}. The other runs go on; fix the file and load it again (File → Load optimizer…).</source>
        <translation>{message}。其他运行继续；修正文件后重新加载（文件 → 加载优化器…）。</translation>
    </message>
    <message>
        <source>0/0 (ε = 0 where the gradient vanishes), or a point outside where f is defined; its last finite point is where its trajectory ends. Raise ε, move the start, or Reset.</source>
        <translation>0/0（梯度消失处 ε = 0），或是 f 无定义的点；它最后一个有限点就是其轨迹的终点。增大 ε、移动起点，或重置。</translation>
    </message>
    <message>
        <source>its last finite point is where its trajectory ends. Lower η, or Reset.</source>
        <translation>它最后一个有限点就是其轨迹的终点。减小 η，或重置。</translation>
    </message>
    <message>
        <source>loss {loss}</source>
        <translation>损失 {loss}</translation>
    </message>
    <message>
        <source>torch.optim, its ε</source>
        <translation>torch.optim，自带 ε</translation>
    </message>
    <message>
        <source>{text} ({name}: the same)</source>
        <translation>{text}（{name}：相同）</translation>
    </message>
    <message>
        <source>swarm of {count} {optimizer}:</source>
        <translation>{count} 个 {optimizer} 的多起点群：</translation>
    </message>
    <message>
        <source>{count} running,</source>
        <translation>{count} 个运行中，</translation>
    </message>
    <message>
        <source>{arrived},</source>
        <translation>{arrived}，</translation>
    </message>
    <message>
        <source>{count} diverged;</source>
        <translation>{count} 个发散；</translation>
    </message>
    <message>
        <source>median loss {loss}</source>
        <translation>损失中位数 {loss}</translation>
    </message>
    <message>
        <source>no optimizer selected</source>
        <translation>未选择优化器</translation>
    </message>
    <message>
        <source>starting the engine…</source>
        <translation>正在启动引擎…</translation>
    </message>
    <message>
        <source>replaying…</source>
        <translation>正在重放…</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>{count} within 0.001 of the lowest loss</source>
        <translation>{count} 个与最低损失相差不到 0.001</translation>
    </message>
    <message>
        <source>{count} below f = {floor:g}</source>
        <translation>{count} 个低于 f = {floor:g}</translation>
    </message>
</context>
<context>
    <name>run_edits</name>
    <message>
        <source>loaded {optimizer}: its run is called {name} (it runs in the engine process)</source>
        <translation>已加载 {optimizer}：它的运行名为 {name}（在引擎进程中运行）</translation>
    </message>
</context>
<context>
    <name>schedules</name>
    <message>
        <source>write step:K:G, not {piece!r}</source>
        <translation>应写作 step:K:G，而不是 {piece!r}</translation>
    </message>
    <message>
        <source>write exp:G, not {piece!r}</source>
        <translation>应写作 exp:G，而不是 {piece!r}</translation>
    </message>
    <message>
        <source>write cosine:T or cosine:T:MIN, not {piece!r}</source>
        <translation>应写作 cosine:T 或 cosine:T:MIN，而不是 {piece!r}</translation>
    </message>
    <message>
        <source>write warmup:W, first, not {piece!r}</source>
        <translation>应写作 warmup:W，且放在最前，而不是 {piece!r}</translation>
    </message>
    <message>
        <source>linear warm-up over {steps}</source>
        <translation>线性预热 {steps}</translation>
    </message>
    <message>
        <source>× {factor} every {steps}</source>
        <translation>每 {steps} × {factor}</translation>
    </message>
    <message>
        <source>× {factor} every step</source>
        <translation>每步 × {factor}</translation>
    </message>
    <message>
        <source>cosine to {low} over {steps}</source>
        <translation>在 {steps}内余弦降到 {low}</translation>
    </message>
    <message>
        <source>{warmup}, then {schedule}</source>
        <translation>{warmup}，然后{schedule}</translation>
    </message>
    <message>
        <source>a warm-up is warmup:W, its length in steps, not {text!r}</source>
        <translation>预热写作 warmup:W（W 为其步数），而不是 {text!r}</translation>
    </message>
    <message>
        <source>a warm-up&apos;s W</source>
        <translation>预热的 W</translation>
    </message>
    <message>
        <source>only a warm-up comes first in a schedule (warmup:W,cosine:T), not {text!r}</source>
        <translation>学习率调度中只有预热可以放在最前（warmup:W,cosine:T），而不是 {text!r}</translation>
    </message>
    <message>
        <source>step&apos;s K</source>
        <translation>step 的 K</translation>
    </message>
    <message>
        <source>step&apos;s G</source>
        <translation>step 的 G</translation>
    </message>
    <message>
        <source>exp&apos;s G</source>
        <translation>exp 的 G</translation>
    </message>
    <message>
        <source>cosine&apos;s MIN</source>
        <translation>cosine 的 MIN</translation>
    </message>
    <message>
        <source>cosine&apos;s MIN is a learning rate ≥ 0, not {value} (in {text!r})</source>
        <translation>cosine 的 MIN 是 ≥ 0 的学习率，而不是 {value}（在 {text!r} 中）</translation>
    </message>
    <message>
        <source>cosine&apos;s T</source>
        <translation>cosine 的 T</translation>
    </message>
    <message>
        <source>a schedule is one of {examples}, not {text!r}</source>
        <translation>学习率调度应为 {examples} 之一，而不是 {text!r}</translation>
    </message>
    <message>
        <source>1 step</source>
        <translation>1 步</translation>
    </message>
    <message>
        <source>{count} steps</source>
        <translation>{count} 步</translation>
    </message>
    <message>
        <source>{what} must be a number, not {text!r} (in {whole!r})</source>
        <translation>{what} 必须是数字，而不是 {text!r}（在 {whole!r} 中）</translation>
    </message>
    <message>
        <source>{what} must be finite, not {text} (in {whole!r})</source>
        <translation>{what} 必须是有限数，而不是 {text}（在 {whole!r} 中）</translation>
    </message>
    <message>
        <source>{what} is a factor above 0 and at most 10, not {text} (in {whole!r})</source>
        <translation>{what} 是大于 0 且不超过 10 的因子，而不是 {text}（在 {whole!r} 中）</translation>
    </message>
    <message>
        <source>{what} must be a whole number of steps, not {text!r} (in {whole!r})</source>
        <translation>{what} 必须是整数步数，而不是 {text!r}（在 {whole!r} 中）</translation>
    </message>
    <message>
        <source>{what} must be between 1 and {most:,} steps, not {value} (in {whole!r})</source>
        <translation>{what} 必须在 1 到 {most:,} 步之间，而不是 {value}（在 {whole!r} 中）</translation>
    </message>
</context>
<context>
    <name>setup</name>
    <message>
        <source>— your own setup —</source>
        <translation>— 自定义设置 —</translation>
    </message>
    <message>
        <source>custom: your own f(x1, x2)</source>
        <translation>自定义：你自己的 f(x1, x2)</translation>
    </message>
    <message>
        <source>the loss surface the optimizers race across</source>
        <translation>优化器在其上竞赛的损失曲面</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>f(x1, x2) with + − * / **, parentheses, numbers, x1, x2, pi, e and sin cos exp log sqrt abs tanh; press Enter to use it</source>
        <translation>f(x1, x2)，可用 + − * / **、括号、数字、x1、x2、pi、e 以及 sin cos exp log sqrt abs tanh；按 Enter 使用</translation>
    </message>
    <message>
        <source>your own function</source>
        <translation>你自己的函数</translation>
    </message>
    <message>
        <source>reproduce one of the chapter&apos;s experiments (keys 1–9)</source>
        <translation>重现本章的一个实验（按键 1–9）</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>σ of the N(0, σ²) noise added to each coordinate of every gradient (§7.2&apos;s stochastic gradients): the same noise for every run at a step, drawn from the seed</source>
        <translation>加到每个梯度各坐标上的 N(0, σ²) 噪声的 σ（§7.2 的随机梯度）：同一步中所有运行的噪声相同，由随机种子生成</translation>
    </message>
    <message>
        <source>gradient noise σ</source>
        <translation>梯度噪声 σ</translation>
    </message>
    <message>
        <source>Noise σ</source>
        <translation>噪声 σ</translation>
    </message>
    <message>
        <source>adamviz&apos;s own</source>
        <translation>adamviz 自己的</translation>
    </message>
    <message>
        <source>the book&apos;s notebook</source>
        <translation>本书的笔记本</translation>
    </message>
    <message>
        <source>whose random numbers draw the start and the minibatch order: adamviz&apos;s, or the book&apos;s notebook after np.random.seed(S); torch.manual_seed(S) (S the seed), so that a student&apos;s notebook gives the same numbers</source>
        <translation>由谁的随机数生成起点和小批量顺序：adamviz 的，或本书笔记本在 np.random.seed(S); torch.manual_seed(S)（S 为随机种子）之后的，使学生的笔记本得到相同的数</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>随机数</translation>
    </message>
    <message>
        <source>rows per minibatch (§7.3): 1 is stochastic gradient descent on single examples, 1500 full-batch gradient descent; the runs keep their epochs</source>
        <translation>每个小批量的行数（§7.3）：1 即在单个样本上的随机梯度下降，1500 即全批量梯度下降；各运行保持其迭代周期数</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>which plane of (w, b) space the contour view slices</source>
        <translation>等高线视图截取 (w, b) 空间的哪个平面</translation>
    </message>
    <message>
        <source>Plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <source>the optimizers people now put beside Adam (and yours, loaded from a file)</source>
        <translation>如今人们放在 Adam 旁边的优化器（以及你从文件加载的）</translation>
    </message>
    <message>
        <source>Click the surface or drag the square to move the start. Changing a value replays the run from the start to the current step.</source>
        <translation>点击曲面或拖动方块以移动起点。改变一个值会让运行从起点重放到当前步。</translation>
    </message>
    <message>
        <source>Swarm</source>
        <translation>多起点群</translation>
    </message>
    <message>
        <source>many start points at once, all run by one optimizer as one batched computation: shows the basins of attraction (2-D problems)</source>
        <translation>多个起点同时运行，由同一个优化器以一次批量计算完成：显示各吸引域（二维问题）</translation>
    </message>
    <message>
        <source> starts</source>
        <translation> 个起点</translation>
    </message>
    <message>
        <source>swarm mode needs a problem with one or two parameters</source>
        <translation>多起点群模式需要只有一个或两个参数的问题</translation>
    </message>
    <message>
        <source>{error}; keeping the previous schedule</source>
        <translation>{error}；保留之前的调度</translation>
    </message>
    <message>
        <source>More optimizers ({count}, {running} on)</source>
        <translation>更多优化器（{count}，{running} 个开启）</translation>
    </message>
    <message>
        <source>More optimizers ({count})</source>
        <translation>更多优化器（{count}）</translation>
    </message>
    <message>
        <source>principal plane of the runs</source>
        <translation>各运行的主平面</translation>
    </message>
    <message>
        <source>{first} and {second} (rest at the minimum)</source>
        <translation>{first} 与 {second}（其余取最小值处）</translation>
    </message>
    <message>
        <source>Play (Space) to watch every start point run.</source>
        <translation>播放（Space）以观看每个起点运行。</translation>
    </message>
</context>
<context>
    <name>state</name>
    <message>
        <source>random cloud</source>
        <translation>随机云</translation>
    </message>
    <message>
        <source>grid</source>
        <translation>网格</translation>
    </message>
</context>
<context>
    <name>status_line</name>
    <message>
        <source>no optimizer selected</source>
        <translation>未选择优化器</translation>
    </message>
</context>
<context>
    <name>steps</name>
    <message>
        <source>draw where plain gradient descent would step at the run&apos;s current point</source>
        <translation>在运行的当前点画出普通梯度下降会走的一步</translation>
    </message>
    <message>
        <source>moment</source>
        <translation>一阶矩</translation>
    </message>
    <message>
        <source>draw the first moment: momentum&apos;s velocity v, Adam&apos;s η·v̂ at the run&apos;s current point</source>
        <translation>在运行的当前点画出一阶矩：动量法的速度 v，Adam 的 η·v̂</translation>
    </message>
    <message>
        <source>draw the per-coordinate step for a unit gradient, as a box: η/(√ŝ + ε), η/√(s + ε) at the run&apos;s current point</source>
        <translation>在运行的当前点以方框画出单位梯度的逐坐标步长：η/(√ŝ + ε)，η/√(s + ε)</translation>
    </message>
    <message>
        <source>draw the step actually taken at the run&apos;s current point</source>
        <translation>在运行的当前点画出实际走的一步</translation>
    </message>
    <message>
        <source>Swarm mode: every dot is a run of {title} from its own start, {count} at once, all at step {t}.</source>
        <translation>多起点群模式：每个点是 {title} 从各自起点出发的一次运行，共 {count} 个，都在第 {t} 步。</translation>
    </message>
    <message>
        <source>The step-by-step view explains a single run: leave swarm mode (untick Swarm) to see one step&apos;s numbers.</source>
        <translation>逐步讲解只讲单次运行：退出多起点群模式（取消勾选“多起点群”）即可看到一步的数值。</translation>
    </message>
    <message>
        <source>Step by step</source>
        <translation>逐步讲解</translation>
    </message>
    <message>
        <source>the run whose last step is explained here and drawn on the surface</source>
        <translation>在此讲解其最近一步、并画在曲面上的运行</translation>
    </message>
    <message>
        <source>No optimizer is running.</source>
        <translation>没有正在运行的优化器。</translation>
    </message>
    <message>
        <source>Take a step (→) to see its numbers.</source>
        <translation>走一步（→）即可看到它的数值。</translation>
    </message>
    <message>
        <source>gradient at xₜ₋₁ + N(0, {noise:g}²) noise</source>
        <translation>xₜ₋₁ 处的梯度 + N(0, {noise:g}²) 噪声</translation>
    </message>
    <message>
        <source>gradient at xₜ₋₁</source>
        <translation>xₜ₋₁ 处的梯度</translation>
    </message>
    <message>
        <source>before the step</source>
        <translation>这一步之前</translation>
    </message>
    <message>
        <source>step &lt;b&gt;t = {t}&lt;/b&gt;</source>
        <translation>第 &lt;b&gt;t = {t}&lt;/b&gt; 步</translation>
    </message>
</context>
<context>
    <name>studies</name>
    <message>
        <source>Nothing to sweep: switch on an optimizer with a learning rate (AdaDelta has none).</source>
        <translation>没有可扫描的：请开启一个有学习率的优化器（AdaDelta 没有）。</translation>
    </message>
</context>
<context>
    <name>sweep</name>
    <message>
        <source>Final loss after {steps} steps on {problem}, against η</source>
        <translation>{steps} 步后的最终损失随 η 的变化（{problem}）</translation>
    </message>
</context>
<context>
    <name>sweep_dialog</name>
    <message>
        <source>adamviz — learning-rate sweep</source>
        <translation>adamviz — 学习率扫描</translation>
    </message>
    <message>
        <source>Each point is a whole run from the start with that η (runs that diverged: ×, at the top). Click a point to give that optimizer its η.</source>
        <translation>每个点是以该 η 从起点完整运行一次的结果（发散的运行：×，画在顶部）。点击一个点，即把该 η 交给那个优化器。</translation>
    </message>
    <message>
        <source>Sweeping η from 1e-4 to 10 on {problem}, {steps} steps each…</source>
        <translation>正在 {problem} 上扫描 η（1e-4 到 10），每次 {steps} 步…</translation>
    </message>
    <message>
        <source>Final loss after {steps} steps on {problem}, against η (dotted: the η in use).</source>
        <translation>{steps} 步后的最终损失随 η 的变化（{problem}；点线：当前使用的 η）。</translation>
    </message>
    <message>
        <source>{optimizer}&apos;s η follows {schedule}</source>
        <translation>{optimizer} 的 η 按 {schedule} 变化</translation>
    </message>
    <message>
        <source>{schedules}, from each swept value.</source>
        <translation>{schedules}，均从各扫描值开始。</translation>
    </message>
</context>
<context>
    <name>sweep_plot</name>
    <message>
        <source>learning rate η</source>
        <translation>学习率 η</translation>
    </message>
    <message>
        <source>final loss</source>
        <translation>最终损失</translation>
    </message>
</context>
<context>
    <name>toolbar</name>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>speed: from one step a second to as fast as the machine goes (+ / −)</source>
        <translation>速度：从每秒一步到机器所能达到的最快（+ / −）</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>every action and menu</source>
        <translation>所有操作和菜单</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
</context>
<context>
    <name>views_area</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>x axis in epochs, as in the book</source>
        <translation>x 轴以迭代周期为单位，同本书</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>exported {name} in {folder}</source>
        <translation>已导出 {name}，位于 {folder}</translation>
    </message>
    <message>
        <source>The engine hit an unexpected error</source>
        <translation>引擎遇到了意外错误</translation>
    </message>
    <message>
        <source>adamviz started a new engine and replayed the runs.</source>
        <translation>adamviz 已启动新引擎并重放了各运行。</translation>
    </message>
    <message>
        <source>The runs are paused; Reset or change a setting to go on.</source>
        <translation>各运行已暂停；重置或更改设置即可继续。</translation>
    </message>
</context>
<context>
    <name>worker</name>
    <message>
        <source>the engine process stopped unexpectedly ({how})</source>
        <translation>引擎进程意外停止（{how}）</translation>
    </message>
    <message>
        <source>it closed its pipe and is still running</source>
        <translation>它关闭了管道，但仍在运行</translation>
    </message>
    <message>
        <source>killed by signal {number}, {name}</source>
        <translation>被信号 {number}（{name}）终止</translation>
    </message>
    <message>
        <source>killed by signal {number}</source>
        <translation>被信号 {number} 终止</translation>
    </message>
    <message>
        <source>exit status {code}</source>
        <translation>退出状态 {code}</translation>
    </message>
</context>
</TS>
