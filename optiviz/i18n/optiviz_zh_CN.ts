<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>&amp;File</source>
        <extracomment>The single keys the guard hands to the window&apos;s shortcuts. The window&apos;s top-level menus, left to right; others go after them. The titles :func:`menu` is called with, marked for translation (shown translated).</extracomment>
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
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>播放或暂停</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>单步(&amp;S)</translation>
    </message>
    <message>
        <source>One epoch, then pause</source>
        <translation>运行一个轮次，然后暂停</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>重置(&amp;R)</translation>
    </message>
    <message>
        <source>Start again from epoch 0</source>
        <translation>从第 0 轮重新开始</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit optiviz</source>
        <translation>退出 optiviz</translation>
    </message>
    <message>
        <source>&amp;Light theme</source>
        <translation>浅色主题(&amp;L)</translation>
    </message>
    <message>
        <source>Switch dark and light theme</source>
        <translation>切换深色与浅色主题</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>Full screen on or off</source>
        <translation>开启或关闭全屏</translation>
    </message>
    <message>
        <source>&amp;Panes</source>
        <translation>窗格(&amp;P)</translation>
    </message>
    <message>
        <source>Show or hide the %1 pane</source>
        <translation>显示或隐藏“%1”窗格</translation>
    </message>
    <message>
        <source>Run</source>
        <extracomment>The headers of the engine&apos;s COLUMNS (the CLI prints them lower-case, in English).</extracomment>
        <translation>运行</translation>
    </message>
    <message>
        <source>&amp;Loss surface</source>
        <extracomment>View → Panes: the scenario&apos;s ``[view] panes`` names and their menu texts.</extracomment>
        <translation>损失曲面(&amp;L)</translation>
    </message>
    <message>
        <source>Loss per &amp;epoch</source>
        <translation>每轮次损失(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Data and fit (or the parameters)</source>
        <translation>数据与拟合（或参数）(&amp;D)</translation>
    </message>
    <message>
        <source>Learning &amp;rate (with a scheduler)</source>
        <translation>学习率（使用调度器时）(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>full batch</source>
        <translation>全批</translation>
    </message>
    <message>
        <source>off</source>
        <extracomment>torch.manual_seed takes 64-bit seeds; the spin box offers the ones a person types.</extracomment>
        <translation>关</translation>
    </message>
    <message>
        <source>by norm</source>
        <translation>按范数</translation>
    </message>
    <message>
        <source>by value</source>
        <translation>按值</translation>
    </message>
    <message>
        <source>Batches</source>
        <extracomment>The engine&apos;s fields and the ids of this group&apos;s fields (both clip fields are one control).</extracomment>
        <translation>批次</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>shuffle each epoch</source>
        <translation>每轮次打乱</translation>
    </message>
    <message>
        <source>Shuffle the data each epoch</source>
        <translation>每个轮次打乱数据</translation>
    </message>
    <message>
        <source>DataLoader(shuffle=True): a new order of the points every epoch, drawn from a generator seeded with the seed. Off: the batches are the same every epoch.
Changing it starts the runs again.</source>
        <translation>DataLoader(shuffle=True)：每一轮次都以新的顺序排列数据点，顺序由以该种子初始化的生成器抽取。关闭时：每一轮次的批都相同。
更改它会重新开始运行。</translation>
    </message>
    <message>
        <source>Added gradient noise sigma</source>
        <translation>附加梯度噪声 sigma</translation>
    </message>
    <message>
        <source>Added gradient noise, not a batch: after backward(), each gradient gets σ·N(0, 1) drawn from a generator seeded with the seed (0: off). A problem without data has no batches; this stands in for their noise.
Changing it starts the runs again.</source>
        <translation>附加的梯度噪声，而非一个批：在 backward() 之后，每个梯度加上 σ·N(0, 1)，由以该种子初始化的生成器抽取（0：关闭）。没有数据的问题没有批；它代替批带来的噪声。
更改它会重新开始运行。</translation>
    </message>
    <message>
        <source>added gradient noise σ</source>
        <translation>附加梯度噪声 σ</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>torch.manual_seed(seed) before the model is built, and the seed of the DataLoader&apos;s shuffle and of added noise: the same seed gives the same batches.
Used by mini-batches and added noise only. Changing it starts the runs again.</source>
        <translation>在构建模型之前调用 torch.manual_seed(seed)，也是 DataLoader 打乱顺序和附加噪声的种子：相同的种子给出相同的批。
只用于小批量和附加噪声。更改它会重新开始运行。</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Clip gradients</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Clipping threshold</source>
        <translation>裁剪阈值</translation>
    </message>
    <message>
        <source>Between backward() and step(): by norm, torch.nn.utils.clip_grad_norm_ scales the gradient down to that norm; by value, clip_grad_value_ clamps each entry to ±threshold. Off: the gradient as computed.
Changing it starts the runs again.</source>
        <translation>在 backward() 与 step() 之间：按范数时，torch.nn.utils.clip_grad_norm_ 把梯度缩小到该范数；按值时，clip_grad_value_ 把每个分量限制在 ±阈值内。关闭时：使用计算出的梯度。
更改它会重新开始运行。</translation>
    </message>
    <message>
        <source>clip gradients</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Forget zero_grad</source>
        <translation>忘记 zero_grad</translation>
    </message>
    <message>
        <source>Run the loop without optimizer.zero_grad(), as PyTorch then behaves: each backward() adds its gradient to params.grad, so every step uses the sum of all the gradients so far. Step by step shows it growing beside this step&apos;s own.
Changing it starts the runs again.</source>
        <translation>不调用 optimizer.zero_grad() 运行循环，PyTorch 此时的行为是：每次 backward() 都把梯度加到 params.grad 上，于是每一步使用的是至今所有梯度之和。逐步执行时可以看到它在本步自身的梯度旁不断增长。
更改它会重新开始运行。</translation>
    </message>
    <message>
        <source>%1 has no data to split into batches, so every step sees the whole loss. For a stochastic gradient, set the added gradient noise σ below.</source>
        <translation>%1 没有可以分成批的数据，因此每一步看到的都是完整的损失。若要随机梯度，请设置下面的附加梯度噪声 σ。</translation>
    </message>
    <message>
        <source>Points per optimizer step: a DataLoader over the %1 points, 1 to %1; &apos;%2&apos; takes them all in one step an epoch (the tutorial&apos;s loop). Each batch is one step, so an epoch has ceil(points / batch size) steps.
Changing it starts the runs again.</source>
        <translation>每个优化器步的数据点数：在 %1 个数据点上的 DataLoader，取值 1 到 %1；“%2”每轮次用一步取全部数据（教程中的循环）。每个批是一步，所以一轮次有 ceil(数据点数 / 批大小) 步。
更改它会重新开始运行。</translation>
    </message>
    <message>
        <source>refused %1</source>
        <extracomment>The runs list&apos;s height under the controls: about six rows and the buttons.</extracomment>
        <translation>已拒绝：%1</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>Epochs per second offered for playback; None runs as fast as possible.</extracomment>
        <translation>无</translation>
    </message>
    <message>
        <source>Problem</source>
        <extracomment>Wide enough for every form, narrow enough for a side dock at 1280x720.</extracomment>
        <translation>问题</translation>
    </message>
    <message>
        <source>a small neural network: its loss on a plane through its weights</source>
        <translation>小型神经网络：其损失画在穿过权重的一个平面上</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>w</source>
        <translation>w</translation>
    </message>
    <message>
        <source>b</source>
        <translation>b</translation>
    </message>
    <message>
        <source>Start of parameter %1</source>
        <translation>参数 %1 的起点</translation>
    </message>
    <message>
        <source>Where the parameters start. Drag the start marker on the loss surface, or type.</source>
        <translation>参数的起点。在损失曲面上拖动起点标记，或直接输入。</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>Default hyperparameters</source>
        <translation>默认超参数</translation>
    </message>
    <message>
        <source>Restore torch&apos;s default hyperparameters of this optimizer (the lr is kept).</source>
        <translation>恢复该优化器在 torch 中的默认超参数（学习率 lr 保持不变）。</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>调度</translation>
    </message>
    <message>
        <source>Learning-rate scheduler</source>
        <translation>学习率调度器</translation>
    </message>
    <message>
        <source>No scheduler: the lr stays as set.</source>
        <translation>无调度器：lr 保持设定值。</translation>
    </message>
    <message>
        <source>scheduler</source>
        <translation>调度器</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>How many epochs (optimizer steps) the run takes: 1 to %1. Changing it continues the run.</source>
        <translation>运行的轮次数（优化器步数）：1 到 %1。更改它会继续当前运行。</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>播放速度</translation>
    </message>
    <message>
        <source>%1 epochs/s</source>
        <translation>%1 轮次/秒</translation>
    </message>
    <message>
        <source>as fast as possible</source>
        <translation>尽可能快</translation>
    </message>
    <message>
        <source>Playback speed in epochs per second; &apos;as fast as possible&apos; shows every frame the screen can draw while the run computes at full speed.</source>
        <translation>播放速度，单位为每秒轮次数；“尽可能快”会以屏幕能绘制的最高帧率显示，同时运行全速计算。</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>The loss to minimise.
%1
f = %2</source>
        <translation>要最小化的损失。
%1
f = %2</translation>
    </message>
    <message>
        <source>
The slider spans 1e-6 to 10 on a log scale; type any other value in the box.</source>
        <translation>
滑块以对数刻度覆盖 1e-6 到 10；其他值请在输入框中键入。</translation>
    </message>
    <message>
        <source>
Applies from the next epoch, without restarting.</source>
        <translation>
从下一轮次起生效，无需重新开始。</translation>
    </message>
    <message>
        <source>
Changing the scheduler or its arguments starts a new run.</source>
        <translation>
更改调度器或其参数会开始新的运行。</translation>
    </message>
    <message>
        <source>%1, item %2</source>
        <translation>%1，第 %2 项</translation>
    </message>
    <message>
        <source>Learning rate on a log scale from 1e-6 to 10, one tick per decade.</source>
        <extracomment>The slider spans 1e-6 .. 10 with this many integer steps per decade.</extracomment>
        <translation>学习率采用对数刻度，从 1e-6 到 10，每个数量级一个刻度。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Learning rate slider</source>
        <translation>学习率滑块</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <extracomment>The loss surface is re-contoured at most this often while a point is dragged.</extracomment>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>loaded %1 points from %2</source>
        <translation>从 %2 载入了 %1 个数据点</translation>
    </message>
    <message>
        <source>data: this problem has no points; choose the linear fit (problem &apos;linear&apos;)</source>
        <translation>数据：这个问题没有数据点；请选择线性拟合（问题“linear”）</translation>
    </message>
    <message>
        <source>cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>%1 points written to %2</source>
        <translation>已将 %1 个数据点写入 %2</translation>
    </message>
    <message>
        <source>Load data (CSV)</source>
        <translation>加载数据（CSV）</translation>
    </message>
    <message>
        <source>Load data</source>
        <translation>载入数据</translation>
    </message>
    <message>
        <source>Save data (CSV)</source>
        <translation>保存数据（CSV）</translation>
    </message>
    <message>
        <source>Save data</source>
        <translation>保存数据</translation>
    </message>
    <message>
        <source>the data belongs to the linear fit</source>
        <translation>数据属于线性拟合</translation>
    </message>
    <message>
        <source>added the point (%1, %2)</source>
        <translation>添加了数据点 (%1, %2)</translation>
    </message>
    <message>
        <source>no such point</source>
        <translation>没有这个数据点</translation>
    </message>
    <message>
        <source>moved point %1 to (%2, %3)</source>
        <translation>把数据点 %1 移到 (%2, %3)</translation>
    </message>
    <message>
        <source>removed the point %1</source>
        <translation>删除了数据点 %1</translation>
    </message>
    <message>
        <source>x scaling: %1</source>
        <translation>x 缩放：%1</translation>
    </message>
    <message>
        <source>f(x, y) = %1</source>
        <translation>f(x, y) = %1</translation>
    </message>
    <message>
        <source>lr %1 from the range test; it applies from the next epoch</source>
        <translation>学习率 lr %1 来自范围测试；从下一轮次起生效</translation>
    </message>
    <message>
        <source>3-D view</source>
        <translation>三维视图</translation>
    </message>
    <message>
        <source>&amp;Load data (CSV)…</source>
        <translation>加载数据（CSV）(&amp;L)…</translation>
    </message>
    <message>
        <source>Fit the line to your own points: a CSV of x,y rows, with or without a header</source>
        <translation>用你自己的数据点拟合直线：每行为 x,y 的 CSV 文件，可带或不带表头</translation>
    </message>
    <message>
        <source>Save &amp;data (CSV)…</source>
        <translation>保存数据（CSV）(&amp;D)…</translation>
    </message>
    <message>
        <source>Write the points as an x,y CSV file</source>
        <translation>将数据点写入 x,y 格式的 CSV 文件</translation>
    </message>
    <message>
        <source>&amp;LR range test…</source>
        <translation>学习率范围测试(&amp;L)…</translation>
    </message>
    <message>
        <source>Sweep the lr on a fresh copy of this setup and suggest one (the run is not touched)</source>
        <translation>在当前设置的全新副本上扫描学习率 lr 并给出建议值（不影响当前运行）</translation>
    </message>
    <message>
        <source>&amp;3-D view</source>
        <translation>三维视图(&amp;3)</translation>
    </message>
    <message>
        <source>The loss surface in 3-D with every run&apos;s path on it</source>
        <translation>三维损失曲面，并画出每次运行的路径</translation>
    </message>
    <message>
        <source>LR range test</source>
        <extracomment>The longest Cancel or Close waits for the sweep&apos;s thread to end (seconds).</extracomment>
        <translation>学习率范围测试</translation>
    </message>
    <message>
        <source>%1 on a fresh copy of the current problem: one step per lr, the lr growing from %2 to %3 over %4 steps. The runs on screen are not touched.</source>
        <translation>%1 在当前问题的全新副本上运行：每个 lr 一步，lr 在 %4 步内从 %2 增长到 %3。屏幕上的运行不受影响。</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>loss after the step</source>
        <translation>该步之后的损失</translation>
    </message>
    <message>
        <source>smoothed loss</source>
        <translation>平滑后的损失</translation>
    </message>
    <message>
        <source>sweeping…</source>
        <translation>扫描中…</translation>
    </message>
    <message>
        <source>sweeping the learning rate…</source>
        <translation>正在扫描学习率…</translation>
    </message>
    <message>
        <source>Apply suggested lr</source>
        <translation>应用建议的学习率</translation>
    </message>
    <message>
        <source>Set the suggested lr in the controls; the run uses it from its next epoch</source>
        <translation>在控制面板中设置建议的学习率；运行从下一轮次起使用它</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop waiting for the sweep and change nothing</source>
        <translation>不再等待扫描，不做任何更改</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Close the range test and change nothing</source>
        <translation>关闭范围测试，不做任何更改</translation>
    </message>
    <message>
        <source>loss (log scale)</source>
        <translation>损失（对数刻度）</translation>
    </message>
    <message>
        <source>suggested lr %1</source>
        <translation>建议 lr %1</translation>
    </message>
    <message>
        <source>Suggested lr: %1 — where the smoothed loss falls fastest (fastai&apos;s &apos;steep&apos; rule).</source>
        <translation>建议 lr：%1 —— 平滑后的损失下降最快处（fastai 的“steep”规则）。</translation>
    </message>
    <message>
        <source>No suggestion: the smoothed loss never fell over the sweep.</source>
        <translation>没有建议：扫描过程中平滑后的损失从未下降。</translation>
    </message>
    <message>
        <source>Stopped early after %1 of %2 steps %3.</source>
        <translation>提前停止：%2 步中完成了 %1 步，%3。</translation>
    </message>
    <message>
        <source>Swept all %1 steps without diverging.</source>
        <translation>扫描完全部 %1 步，没有发散。</translation>
    </message>
    <message>
        <source>Apply suggested lr (%1)</source>
        <translation>应用建议的学习率（%1）</translation>
    </message>
    <message>
        <source>none (raw x)</source>
        <extracomment>What the formula field holds before anything is typed: a few basins and saddles.</extracomment>
        <translation>无（原始 x）</translation>
    </message>
    <message>
        <source>tutorial (x × 0.1)</source>
        <translation>教程（x × 0.1）</translation>
    </message>
    <message>
        <source>standardize ((x − mean) / std)</source>
        <translation>标准化（(x − 均值) / 标准差）</translation>
    </message>
    <message>
        <source>How x is scaled before fitting: none, the tutorial&apos;s ×0.1, or standardized to mean 0 and standard deviation 1. Scaling changes the loss surface the optimizer sees (its w and b), not the line: the status bar and the data pane show the line in raw units.
Changing it starts a new run.</source>
        <translation>拟合前如何缩放 x：不缩放、教程中的 ×0.1，或标准化为均值 0、标准差 1。缩放改变的是优化器看到的损失曲面（它的 w 和 b），而不是直线：状态栏和数据窗格以原始单位显示直线。
更改它会开始新的运行。</translation>
    </message>
    <message>
        <source>Your own loss f(x, y), typed in torch operations</source>
        <translation>你自己的损失 f(x, y)，用 torch 运算写成</translation>
    </message>
    <message>
        <source>Data scaling</source>
        <translation>数据缩放</translation>
    </message>
    <message>
        <source>Loss formula</source>
        <translation>损失公式</translation>
    </message>
    <message>
        <source>The loss f(x, y) to minimise, in torch operations: %1.
Press Enter to start a run on it.</source>
        <translation>要最小化的损失 f(x, y)，可用的 torch 运算：%1。
按 Enter 在它上面开始运行。</translation>
    </message>
    <message>
        <source>scaling</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>A simulator of PyTorch optimizers: real torch.optim steps on problems with two parameters, drawn as they happen.</source>
        <translation>PyTorch 优化器模拟器：在只有两个参数的问题上执行真实的 torch.optim 更新步，并实时绘制。</translation>
    </message>
    <message>
        <source>About optiviz</source>
        <translation>关于 optiviz</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>The number the optimizer makes small. On the linear fit it is the mean squared error of the line y = w·x + b over the data; on the test functions it is the function&apos;s value at the two parameters.</source>
        <translation>优化器要减小的数值。在线性拟合中，它是直线 y = w·x + b 在数据上的均方误差；在测试函数中，它是函数在这两个参数处的值。</translation>
    </message>
    <message>
        <source>Gradient</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>The slope of the loss at the current parameters, one number per parameter, as &lt;code&gt;loss.backward()&lt;/code&gt; leaves it in &lt;code&gt;.grad&lt;/code&gt;. It points uphill; an optimizer steps against it.</source>
        <translation>损失在当前参数处的斜率，每个参数一个数，即 &lt;code&gt;loss.backward()&lt;/code&gt; 存放在 &lt;code&gt;.grad&lt;/code&gt; 中的值。它指向上坡方向；优化器沿其反方向更新。</translation>
    </message>
    <message>
        <source>Learning rate (lr)</source>
        <translation>学习率（lr）</translation>
    </message>
    <message>
        <source>How far one step goes: plain SGD moves by −lr × gradient. Too small and the run crawls; above the stability limit it oscillates and diverges.</source>
        <translation>一步走多远：普通 SGD 按 −lr × 梯度 移动。太小则运行缓慢；超过稳定性极限则会振荡并发散。</translation>
    </message>
    <message>
        <source>Least-squares minimum</source>
        <translation>最小二乘最小值</translation>
    </message>
    <message>
        <source>The line with the smallest mean squared error, which the normal equations give in closed form: the ★ on the linear fit&apos;s surface. A run that ends elsewhere has not converged, or its settings hold it back (see weight decay).</source>
        <translation>均方误差最小的直线，可由正规方程直接求出：即线性拟合损失曲面上的 ★。停在别处的运行尚未收敛，或者被其设置所限制（见权重衰减）。</translation>
    </message>
    <message>
        <source>Colour scale: log₁₀(loss − min)</source>
        <translation>颜色刻度：log₁₀(损失 − 最小值)</translation>
    </message>
    <message>
        <source>The surface is coloured by the loss above the lowest value on the grid, in powers of ten: −2 means 0.01 above the minimum, 3 means 1000 above it. The logarithm keeps a narrow valley&apos;s floor and the wide slopes around it readable at once. Problems whose loss can be negative, or that ripple around a level, are coloured by the loss itself; the colour bar&apos;s label says which.</source>
        <translation>曲面按损失高出网格最低值的量着色，以十的幂表示：−2 表示比最小值高 0.01，3 表示高 1000。取对数使狭窄谷底和周围的宽阔斜坡同时清晰可读。损失可能为负或在某一水平附近起伏的问题，则直接按损失本身着色；颜色条的标签会说明是哪一种。</translation>
    </message>
    <message>
        <source>Log loss axis</source>
        <translation>对数损失轴</translation>
    </message>
    <message>
        <source>The loss pane&apos;s vertical axis is logarithmic on problems coloured in log₁₀: each labelled decade is ten times the one below. A straight falling line is a loss shrinking by the same factor every step (linear convergence); a line that bends flat has stalled.</source>
        <translation>在按 log₁₀ 着色的问题上，损失窗格的纵轴是对数刻度：每个标注的数量级是下一个的十倍。一条笔直下降的线表示损失每步按相同比例缩小（线性收敛）；变平的曲线表示已停滞。</translation>
    </message>
    <message>
        <source>Hessian</source>
        <translation>Hessian 矩阵</translation>
    </message>
    <message>
        <source>The loss&apos;s second derivatives: how the slope itself changes. On a quadratic loss it is the same everywhere, and its eigenvalues and eigenvectors describe the whole bowl.</source>
        <translation>损失的二阶导数：斜率本身如何变化。对于二次损失，它处处相同，其特征值和特征向量描述了整个碗形曲面。</translation>
    </message>
    <message>
        <source>λ (eigenvalue)</source>
        <translation>λ（特征值）</translation>
    </message>
    <message>
        <source>λ₁ ≤ λ₂ are the Hessian&apos;s eigenvalues: the curvature along the two eigen-axes. A large λ is a steep, narrow direction; a negative λ curves downwards, as at a saddle.</source>
        <translation>λ₁ ≤ λ₂ 是 Hessian 矩阵的特征值：沿两条特征轴的曲率。λ 大表示陡峭狭窄的方向；λ 为负表示向下弯曲，如在鞍点处。</translation>
    </message>
    <message>
        <source>Eigen-axes</source>
        <translation>特征轴</translation>
    </message>
    <message>
        <source>The two lines through the minimum along the Hessian&apos;s eigenvectors, drawn on the surface in the teaching mode and labelled with their λ. Along each one, plain gradient descent multiplies the distance to the minimum by (1 − lr·λ) every step, independently of the other.</source>
        <translation>过最小值、沿 Hessian 特征向量方向的两条直线，在教学模式下画在曲面上并标出各自的 λ。沿每条轴，普通梯度下降每步把到最小值的距离乘以 (1 − lr·λ)，与另一条轴互不影响。</translation>
    </message>
    <message>
        <source>κ (condition number)</source>
        <translation>κ（条件数）</translation>
    </message>
    <message>
        <source>κ = λ₂ / λ₁, the ratio of the steepest to the flattest curvature. With κ = 1 the contours are circles and gradient descent walks straight to the minimum; with κ = 100 they are long thin ellipses: an lr small enough for the steep axis crawls along the flat one, and the path zig-zags across the valley.</source>
        <translation>κ = λ₂ / λ₁，最陡曲率与最平曲率之比。κ = 1 时等高线是圆，梯度下降径直走向最小值；κ = 100 时等高线是细长的椭圆：对陡峭轴足够小的 lr 在平坦轴上进展缓慢，路径在山谷两侧来回折返。</translation>
    </message>
    <message>
        <source>Stability limit</source>
        <translation>稳定性极限</translation>
    </message>
    <message>
        <source>Plain gradient descent on a quadratic converges only while |1 − lr·λ| &amp;lt; 1 on both axes, that is lr &amp;lt; 2 / λ₂. Heavy-ball momentum β widens it to 2(1 + β) / λ₂. Above the limit the distance grows every step: the run diverges.</source>
        <translation>二次函数上的普通梯度下降只有在两条轴上都满足 |1 − lr·λ| &amp;lt; 1，即 lr &amp;lt; 2 / λ₂ 时才收敛。重球动量 β 将其放宽到 2(1 + β) / λ₂。超过该极限，距离每步都会增大：运行发散。</translation>
    </message>
    <message>
        <source>Δ (the update)</source>
        <translation>Δ（更新量）</translation>
    </message>
    <message>
        <source>Δ = parameters after the step − parameters before it: the move the optimizer actually made, drawn as an arrow on the surface. For plain SGD it is −lr × gradient; momentum, Adam and the others turn the same gradient into a different Δ.</source>
        <translation>Δ = 更新后的参数 − 更新前的参数：优化器实际做出的移动，在曲面上画成箭头。对普通 SGD，它等于 −lr × 梯度；动量、Adam 等优化器会把同一梯度变成不同的 Δ。</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>A running sum of past gradients (SGD&apos;s &lt;code&gt;momentum&lt;/code&gt;, the buffer &lt;code&gt;momentum_buffer&lt;/code&gt;): buf = β·buf + gradient, and the step follows buf. Consistent directions build up speed, alternating ones cancel, so the zig-zag of an ill-conditioned valley is damped.</source>
        <translation>过去梯度的累积（SGD 的 &lt;code&gt;momentum&lt;/code&gt;，缓冲区 &lt;code&gt;momentum_buffer&lt;/code&gt;）：buf = β·buf + 梯度，更新沿 buf 进行。方向一致时速度累积，方向交替时相互抵消，因此病态山谷中的折返被抑制。</translation>
    </message>
    <message>
        <source>First moment (exp_avg, m)</source>
        <translation>一阶矩（exp_avg, m）</translation>
    </message>
    <message>
        <source>Adam&apos;s running average of the gradient: m = β₁·m + (1 − β₁)·gradient, with β₁ = 0.9 by default. It is the direction Adam steps in, like momentum.</source>
        <translation>Adam 对梯度的滑动平均：m = β₁·m + (1 − β₁)·梯度，默认 β₁ = 0.9。它是 Adam 的更新方向，类似动量。</translation>
    </message>
    <message>
        <source>Second moment (exp_avg_sq, v)</source>
        <translation>二阶矩（exp_avg_sq, v）</translation>
    </message>
    <message>
        <source>Adam&apos;s running average of the squared gradient: v = β₂·v + (1 − β₂)·gradient², with β₂ = 0.999. Adam divides each coordinate&apos;s step by √v, so every parameter moves about lr per step whatever the scale of its gradient.</source>
        <translation>Adam 对梯度平方的滑动平均：v = β₂·v + (1 − β₂)·梯度²，β₂ = 0.999。Adam 将每个坐标的步长除以 √v，因此无论梯度尺度如何，每个参数每步大约移动 lr。</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>A pull of the parameters towards zero. Decoupled weight decay (AdamW, Muon) multiplies them by (1 − lr·wd) every step; where that pull equals the update&apos;s length the run stops, short of a minimum far from zero. Muon&apos;s default weight_decay = 0.1 does this on the linear fit.</source>
        <translation>把参数拉向零的作用。解耦权重衰减（AdamW、Muon）每步将参数乘以 (1 − lr·wd)；当这种拉力与更新量相等时，运行就会停住，停在远离零的最小值之前。Muon 默认的 weight_decay = 0.1 在线性拟合上就会如此。</translation>
    </message>
    <message>
        <source>Changes the lr as the epochs pass (step decay, cosine, one-cycle…); it steps once per epoch, after the optimizer. The learning-rate pane shows the lr each epoch used.</source>
        <translation>随着轮次推进改变学习率（阶梯衰减、余弦、单周期…）；它每轮次在优化器之后执行一次 step。学习率窗格显示每轮次使用的 lr。</translation>
    </message>
    <message>
        <source>Epoch and step</source>
        <translation>轮次与步</translation>
    </message>
    <message>
        <source>A step is one &lt;code&gt;optimizer.step()&lt;/code&gt;; an epoch is one pass over the data. With the whole data in one batch they are the same; with mini-batches an epoch has as many steps as batches.</source>
        <translation>一步是一次 &lt;code&gt;optimizer.step()&lt;/code&gt;；一个轮次（Epoch）是遍历一次全部数据。整个数据作为一个批时二者相同；使用小批量时，一个轮次的步数等于批数。</translation>
    </message>
    <message>
        <source>Batch (mini-batch)</source>
        <translation>批（小批量）</translation>
    </message>
    <message>
        <source>The points one step sees: a DataLoader with a batch size splits the data into batches, shuffled every epoch with the seed. The batch loss varies from batch to batch; the epoch loss is their mean.</source>
        <translation>一步所看到的数据点：带批大小的 DataLoader 把数据分成若干批，每个轮次用种子打乱。批损失因批而异；轮次损失是它们的平均值。</translation>
    </message>
    <message>
        <source>Stochastic gradient</source>
        <translation>随机梯度</translation>
    </message>
    <message>
        <source>The gradient of one batch&apos;s loss: a noisy estimate of the full-data gradient. Its angle to the full-data gradient shows how noisy; the noise shrinks as the batch grows.</source>
        <translation>单个批的损失的梯度：对全数据梯度的带噪估计。它与全数据梯度的夹角显示噪声大小；批越大，噪声越小。</translation>
    </message>
    <message>
        <source>Added gradient noise</source>
        <translation>附加梯度噪声</translation>
    </message>
    <message>
        <source>On the test functions, which have no data to sample, Gaussian noise of a given standard deviation is added to each gradient: a stand-in for a batch&apos;s noise, seeded so a run replays exactly.</source>
        <translation>测试函数没有可采样的数据，因此给每个梯度加上给定标准差的高斯噪声：代替批的噪声，并设置种子，使运行可精确重放。</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Between &lt;code&gt;backward()&lt;/code&gt; and &lt;code&gt;step()&lt;/code&gt;: &lt;code&gt;clip_grad_norm_&lt;/code&gt; scales the gradient down to a maximum length, &lt;code&gt;clip_grad_value_&lt;/code&gt; caps each coordinate. It tames the huge gradients that would throw a run off a steep wall.</source>
        <translation>在 &lt;code&gt;backward()&lt;/code&gt; 和 &lt;code&gt;step()&lt;/code&gt; 之间：&lt;code&gt;clip_grad_norm_&lt;/code&gt; 把梯度缩小到最大长度，&lt;code&gt;clip_grad_value_&lt;/code&gt; 限制每个坐标。它能驯服那些会把运行甩下陡壁的巨大梯度。</translation>
    </message>
    <message>
        <source>Gradient accumulation (forgetting zero_grad)</source>
        <translation>梯度累积（忘记 zero_grad）</translation>
    </message>
    <message>
        <source>&lt;code&gt;backward()&lt;/code&gt; adds to &lt;code&gt;.grad&lt;/code&gt;; only &lt;code&gt;optimizer.zero_grad()&lt;/code&gt; clears it. Without it each step uses the sum of every gradient so far: the steps grow and the run overshoots. Done on purpose over a few batches, the same sum makes a larger batch.</source>
        <translation>&lt;code&gt;backward()&lt;/code&gt; 会累加到 &lt;code&gt;.grad&lt;/code&gt; 上；只有 &lt;code&gt;optimizer.zero_grad()&lt;/code&gt; 才会将其清零。没有它，每一步使用的是至今所有梯度之和：步长越来越大，运行会冲过头。若在几个批上有意这样做，同样的累加就相当于更大的批。</translation>
    </message>
    <message>
        <source>&lt;h2&gt;optiviz&lt;/h2&gt;&lt;p&gt;optiviz runs real &lt;code&gt;torch.optim&lt;/code&gt; optimizers on a small problem with two parameters and draws every step. Pick a problem and an optimizer on the left, press Play, and watch four panes.&lt;/p&gt;&lt;h3&gt;The panes&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Loss surface&lt;/b&gt;: the loss over the two parameters, coloured in {colour}, with contours, the minimum ★, the start ○ (drag it) and each run&apos;s path.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Loss per epoch&lt;/b&gt;: each run&apos;s loss on a {axis} when the surface is coloured in log₁₀; the legend names the runs.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Data and fitted line&lt;/b&gt;: the points and each run&apos;s line (on the test functions: the two parameters and the distance to the minimum).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Learning rate&lt;/b&gt;: the lr per epoch, when a scheduler changes it.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Hover over a pane&apos;s title, legend or colour bar to learn how to read it; click the title to open the glossary there.&lt;/p&gt;&lt;h3&gt;The controls&lt;/h3&gt;&lt;p&gt;Problem, optimizer and its hyperparameters (each field&apos;s tooltip gives torch&apos;s default), lr, scheduler and epochs. Edits apply to the run as it goes; Reset starts again from epoch 0. Step phase walks through one step of the tutorial&apos;s loop — forward, zero_grad, backward, step — and shows the {eigen} and {kappa} of a quadratic loss and the update {delta}. When torch&apos;s defaults keep an optimizer from the minimum (Muon&apos;s weight decay on the linear fit), the status bar says why.&lt;/p&gt;&lt;h3&gt;Keys&lt;/h3&gt;</source>
        <translation>&lt;h2&gt;optiviz&lt;/h2&gt;&lt;p&gt;optiviz 在一个只有两个参数的小问题上运行真实的 &lt;code&gt;torch.optim&lt;/code&gt; 优化器，并绘制每一步。在左侧选择问题和优化器，按下播放，观察四个窗格。&lt;/p&gt;&lt;h3&gt;窗格&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;损失曲面&lt;/b&gt;：两个参数上的损失，以 {colour} 着色，带等高线、最小值 ★、起点 ○（可拖动）以及每次运行的路径。&lt;/li&gt;&lt;li&gt;&lt;b&gt;每轮次损失&lt;/b&gt;：每次运行的损失；曲面按 log₁₀ 着色时使用 {axis}；图例列出各次运行。&lt;/li&gt;&lt;li&gt;&lt;b&gt;数据与拟合直线&lt;/b&gt;：数据点和每次运行的直线（在测试函数上：两个参数及到最小值的距离）。&lt;/li&gt;&lt;li&gt;&lt;b&gt;学习率&lt;/b&gt;：调度器改变学习率时，每轮次的 lr。&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;将鼠标悬停在窗格的标题、图例或颜色条上可了解如何阅读；点击标题可在相应位置打开术语表。&lt;/p&gt;&lt;h3&gt;控制面板&lt;/h3&gt;&lt;p&gt;问题、优化器及其超参数（每个字段的提示给出 torch 的默认值）、学习率 lr、调度器和轮次。修改会在运行过程中生效；重置会从第 0 轮重新开始。“单步阶段”逐一走过教程循环的一步——前向计算、zero_grad、backward、step——并显示二次损失的 {eigen} 和 {kappa} 以及更新量 {delta}。当 torch 的默认值使优化器到不了最小值时（如 Muon 在线性拟合上的权重衰减），状态栏会说明原因。&lt;/p&gt;&lt;h3&gt;快捷键&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>log axis</source>
        <translation>对数轴</translation>
    </message>
    <message>
        <source>eigen-axes</source>
        <translation>特征轴</translation>
    </message>
    <message>
        <source>&amp;Guide</source>
        <translation>指南(&amp;G)</translation>
    </message>
    <message>
        <source>What the panes show, the controls and the keys</source>
        <translation>窗格显示什么、控制面板和快捷键</translation>
    </message>
    <message>
        <source>G&amp;lossary</source>
        <translation>术语表(&amp;L)</translation>
    </message>
    <message>
        <source>κ, λ, the eigen-axes, Δ, momentum, batches, clipping… explained</source>
        <translation>κ、λ、特征轴、Δ、动量、批、裁剪…的解释</translation>
    </message>
    <message>
        <source>&amp;About optiviz</source>
        <translation>关于 optiviz(&amp;A)</translation>
    </message>
    <message>
        <source>The versions of optiviz, torch and Qt</source>
        <translation>optiviz、torch 和 Qt 的版本</translation>
    </message>
    <message>
        <source>{optimizer} stalls: weight_decay={value} keeps |θ| ≤ {reach}, the minimum has |θ| = {needed}: set it to 0</source>
        <extracomment>How long the hint stays in the status bar, in milliseconds (longer than a passing notice).</extracomment>
        <translation>{optimizer} 停滞：weight_decay={value} 使 |θ| ≤ {reach}，而最小值处 |θ| = {needed}：请将其设为 0</translation>
    </message>
    <message>
        <source>{optimizer} stalls: at lr={value} a parameter moves ≤ {reach} in {steps} steps, the minimum is {needed} away: raise the lr</source>
        <translation>{optimizer} 停滞：在 lr={value} 时，参数在 {steps} 步内最多移动 {reach}，而最小值在 {needed} 之外：请增大 lr</translation>
    </message>
    <message>
        <source>&amp;Automatic (system language)</source>
        <extracomment>The menu&apos;s texts; each language names itself, so a reader finds their own in either.</extracomment>
        <translation>自动（系统语言）(&amp;A)</translation>
    </message>
    <message>
        <source>The language changes when optiviz starts again.</source>
        <translation>语言将在 optiviz 下次启动时更改。</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>%1

Showing the last session (or the tutorial&apos;s example) instead.</source>
        <translation>%1

改为显示上次会话（或教程的示例）。</translation>
    </message>
    <message>
        <source>Controls</source>
        <extracomment>Where the icon and screenshots live: the repository&apos;s ``assets`` folder next to the package. Frame rates the timer accepts from the screen (a screen may report 0 or 240 Hz).</extracomment>
        <translation>控制面板</translation>
    </message>
    <message>
        <source>the run is over: press R to reset, or raise the epochs</source>
        <translation>运行已结束：按 R 重置，或增加轮次</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>%1 %2: lower its lr and press R</source>
        <translation>%1 %2：请降低其学习率 lr 并按 R</translation>
    </message>
    <message>
        <source>Optimizer file changed</source>
        <translation>优化器文件已更改</translation>
    </message>
    <message>
        <source>%1 changed on disk. Reload it? Its runs start again with the new code.</source>
        <translation>%1 在磁盘上已更改。是否重新加载？其运行将使用新代码重新开始。</translation>
    </message>
    <message>
        <source>%1 has several optimizers:</source>
        <translation>%1 中有多个优化器：</translation>
    </message>
    <message>
        <source>Load optimizer from file</source>
        <extracomment>Asked before a changed file is reloaded (a dialog; tests answer it themselves).</extracomment>
        <translation>从文件加载优化器</translation>
    </message>
    <message>
        <source>Python files (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <source>loaded %1 from %2</source>
        <translation>已从 %2 加载 %1</translation>
    </message>
    <message>
        <source>Load optimizer</source>
        <translation>加载优化器</translation>
    </message>
    <message>
        <source>reloaded %1</source>
        <translation>已重新加载 %1</translation>
    </message>
    <message>
        <source>Load optimizer from file…</source>
        <translation>从文件加载优化器…</translation>
    </message>
    <message>
        <source>Run a torch.optim.Optimizer subclass of your own, from a .py file</source>
        <translation>从 .py 文件运行你自己的 torch.optim.Optimizer 子类</translation>
    </message>
    <message>
        <source>Predict, then reveal</source>
        <extracomment>About how long a reveal takes to play its steps (a step per tick for short ones). Ticks of the reveal timer at most; longer reveals send several steps per tick. The actions that would step or scrub the runs while guesses are placed.</extracomment>
        <translation>先预测，再揭晓</translation>
    </message>
    <message>
        <source>run %1 (%2)</source>
        <translation>运行 %1（%2）</translation>
    </message>
    <message>
        <source>the panes show an earlier step: press Latest on the timeline, then Reveal</source>
        <translation>窗格显示的是较早的步：请先在时间轴上按“最新”，再按“揭晓”</translation>
    </message>
    <message>
        <source>prediction stopped: the runs changed</source>
        <translation>预测已停止：运行发生了变化</translation>
    </message>
    <message>
        <source>the run diverged before the reveal&apos;s last step</source>
        <translation>运行在揭晓的最后一步之前已发散</translation>
    </message>
    <message>
        <source>Pre&amp;dict, then reveal…</source>
        <translation>先预测，再揭晓(&amp;D)…</translation>
    </message>
    <message>
        <source>Pause, guess on the surface where the run will be after N steps, then reveal</source>
        <translation>暂停，在曲面上猜测运行在 N 步后的位置，然后揭晓</translation>
    </message>
    <message>
        <source>Re&amp;veal</source>
        <translation>揭晓(&amp;V)</translation>
    </message>
    <message>
        <source>Play exactly the steps ahead and score every guess</source>
        <translation>恰好运行预定的步数，并为每个猜测打分</translation>
    </message>
    <message>
        <source>What to predict</source>
        <translation>预测什么</translation>
    </message>
    <message>
        <source>Steps ahead</source>
        <translation>预测步数</translation>
    </message>
    <message>
        <source>How many steps the run makes before it is revealed</source>
        <translation>揭晓前运行要走多少步</translation>
    </message>
    <message>
        <source>Guesses</source>
        <translation>猜测</translation>
    </message>
    <message>
        <source>Double-click a name to rename the guess</source>
        <translation>双击名称可重命名猜测</translation>
    </message>
    <message>
        <source>&amp;Reveal</source>
        <translation>揭晓(&amp;R)</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>揭晓</translation>
    </message>
    <message>
        <source>Remove guess</source>
        <translation>删除猜测</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Put the guesses away; clicks move the start again</source>
        <translation>收起猜测；点击将再次移动起点</translation>
    </message>
    <message>
        <source>Steps ahead:</source>
        <translation>预测步数：</translation>
    </message>
    <message>
        <source>Guess</source>
        <translation>猜测</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>距离</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <source>diverged</source>
        <extracomment>How long a passing message (a refused edit, a restarted worker) stays, in milliseconds. Four significant digits: ``11.39``, ``0.0123``, ``1.139e+05``; the exponent is never cut. The widest text each permanent field is sized for (numbers of ``NUMBER_FORMAT``). The run states, as :func:`run_state` names them, in the words shown.</extracomment>
        <translation>已发散</translation>
    </message>
    <message>
        <source>the run</source>
        <translation>该运行</translation>
    </message>
    <message>
        <source>Where will %1 be after %2 steps? Click on the loss surface to place a guess.</source>
        <translation>%1 在 %2 步后会在哪里？点击损失曲面放置一个猜测。</translation>
    </message>
    <message>
        <source>Revealing: %1 steps…</source>
        <translation>正在揭晓：%1 步…</translation>
    </message>
    <message>
        <source>%1 reached %2 after %3 steps.</source>
        <translation>%1 在 %3 步后到达了 %2。</translation>
    </message>
    <message>
        <source>The run</source>
        <translation>该运行</translation>
    </message>
    <message>
        <source>It stopped before %1 steps.</source>
        <translation>它在 %1 步之前停止了。</translation>
    </message>
    <message>
        <source>Closest: %1.</source>
        <translation>最接近：%1。</translation>
    </message>
    <message>
        <source>No guesses were placed.</source>
        <translation>没有放置任何猜测。</translation>
    </message>
    <message>
        <source>Caption of the current step</source>
        <extracomment>The caption&apos;s size at presenter scale 1 (points); it grows with the scale. Past this many shown runs the caption names the first ones and counts the rest. The caption yields the window&apos;s width down to this (pixels), eliding its lines. Lines too long for the window shrink to this share of the scale&apos;s size before they are cut.</extracomment>
        <translation>当前步的说明</translation>
    </message>
    <message>
        <source>+ {n} more runs</source>
        <translation>+ 另外 {n} 次运行</translation>
    </message>
    <message>
        <source>&amp;Presenter mode</source>
        <extracomment>The window&apos;s own widgets (menus, toolbar, status bar) grow at most this much: past it the toolbar and the status bar would crowd the panes, which carry the lesson.</extracomment>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Large fonts, thick lines and a caption, for a projector</source>
        <translation>大字体、粗线条和说明文字，适合投影仪</translation>
    </message>
    <message>
        <source>Show &amp;all panes</source>
        <translation>显示所有窗格(&amp;A)</translation>
    </message>
    <message>
        <source>Back to every pane after one was shown alone (double-click)</source>
        <translation>单独显示某个窗格后（双击）回到全部窗格</translation>
    </message>
    <message>
        <source>Presenter</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>Presenter scale</source>
        <extracomment>The slider moves in steps of this many percent. The slider&apos;s width (pixels): the caption beside it takes the rest of the bar.</extracomment>
        <translation>演示缩放</translation>
    </message>
    <message>
        <source>How large presenter mode draws fonts and lines</source>
        <translation>演示模式下字体和线条的放大程度</translation>
    </message>
    <message>
        <source>{p} %</source>
        <translation>{p} %</translation>
    </message>
    <message>
        <source>lr fan</source>
        <translation>学习率扇形组</translation>
    </message>
    <message>
        <source>%1 at several learning rates, log-spaced, as more runs of the race</source>
        <translation>%1 使用若干个学习率（对数间隔），作为竞赛中的更多运行</translation>
    </message>
    <message>
        <source>Replace the current runs</source>
        <translation>替换当前运行</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Lowest lr</source>
        <translation>最低学习率</translation>
    </message>
    <message>
        <source>Highest lr</source>
        <translation>最高学习率</translation>
    </message>
    <message>
        <source>Race summary</source>
        <translation>竞赛汇总</translation>
    </message>
    <message>
        <source>&amp;Add run</source>
        <translation>添加运行(&amp;A)</translation>
    </message>
    <message>
        <source>Add the controls&apos; settings as another run of the race</source>
        <translation>把控制面板中的设置作为竞赛的另一个运行</translation>
    </message>
    <message>
        <source>Remo&amp;ve run</source>
        <translation>删除运行(&amp;V)</translation>
    </message>
    <message>
        <source>Remove the selected run from the race</source>
        <translation>从竞赛中删除所选运行</translation>
    </message>
    <message>
        <source>lr &amp;fan…</source>
        <translation>学习率扇形组(&amp;F)…</translation>
    </message>
    <message>
        <source>The controls&apos; optimizer at N log-spaced learning rates</source>
        <translation>控制面板中的优化器，使用 N 个对数间隔的学习率</translation>
    </message>
    <message>
        <source>&amp;Tune lr…</source>
        <translation>调优学习率(&amp;T)…</translation>
    </message>
    <message>
        <source>Each optimizer of the race at its best lr from a log grid</source>
        <translation>竞赛中每个优化器在对数网格上的最佳学习率</translation>
    </message>
    <message>
        <source>noise fan</source>
        <extracomment>Wide enough for the engine&apos;s reasons to wrap onto a few lines. Offered sizes below the data&apos;s points; the full batch always ends the list.</extracomment>
        <translation>噪声扇形组</translation>
    </message>
    <message>
        <source>%1 at several batch sizes, as more runs of the race: the smaller the batch, the noisier each step.</source>
        <translation>%1 使用若干种批大小，作为竞赛中的更多运行：批越小，每一步噪声越大。</translation>
    </message>
    <message>
        <source>Batch sizes of the noise fan</source>
        <translation>噪声扇形组的批大小</translation>
    </message>
    <message>
        <source>Batch sizes</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>&amp;noise fan…</source>
        <translation>噪声扇形组(&amp;N)…</translation>
    </message>
    <message>
        <source>The controls&apos; optimizer at several batch sizes, as runs of the race</source>
        <translation>控制面板中的优化器，使用若干种批大小，作为竞赛中的运行</translation>
    </message>
    <message>
        <source>Add run</source>
        <translation>添加运行</translation>
    </message>
    <message>
        <source>Add the settings shown in the controls as another run; the race starts again</source>
        <translation>把控制面板中显示的设置添加为另一个运行；竞赛重新开始</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected run; the race starts again</source>
        <translation>删除所选运行；竞赛重新开始</translation>
    </message>
    <message>
        <source>lr fan…</source>
        <translation>学习率扇形组…</translation>
    </message>
    <message>
        <source>The controls&apos; optimizer at several log-spaced learning rates</source>
        <translation>控制面板中的优化器，使用若干个对数间隔的学习率</translation>
    </message>
    <message>
        <source>Remove run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>%1
the box shows or hides the run in every pane</source>
        <translation>%1
复选框可在所有窗格中显示或隐藏该运行</translation>
    </message>
    <message>
        <source>The run&apos;s name in the legend</source>
        <extracomment>Sorts after every number: a run that never got there, or never diverged.</extracomment>
        <translation>运行在图例中的名称</translation>
    </message>
    <message>
        <source>The loss of the run&apos;s last epoch so far</source>
        <translation>该运行至今最后一个轮次的损失</translation>
    </message>
    <message>
        <source>The first epoch whose loss is within the tolerance of the problem&apos;s minimum</source>
        <translation>损失首次进入问题最小值容差范围内的轮次</translation>
    </message>
    <message>
        <source>The epoch at which the run diverged</source>
        <translation>运行发散时的轮次</translation>
    </message>
    <message>
        <source>Time the worker spent stepping this run&apos;s epochs</source>
        <translation>工作进程执行该运行各轮次所用的时间</translation>
    </message>
    <message>
        <source>Final loss</source>
        <translation>最终损失</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>到达</translation>
    </message>
    <message>
        <source>Diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>What reached means</source>
        <translation>“到达”的含义</translation>
    </message>
    <message>
        <source>best lrs applied (%1); the race starts again</source>
        <translation>已应用最佳学习率（%1）；竞赛重新开始</translation>
    </message>
    <message>
        <source>Tune lr</source>
        <translation>调优学习率</translation>
    </message>
    <message>
        <source>Each optimizer of the race on fresh copies of its run, at %1 learning rates from %2 to %3 (log-spaced), each for the run&apos;s %4 epochs. The best lr has the lowest final loss; a run that diverges is never best. The runs on screen are not touched.</source>
        <translation>竞赛中的每个优化器在其运行的全新副本上，以 %1 个学习率（从 %2 到 %3，对数间隔）各运行 %4 个轮次。最终损失最低者为最佳学习率；发散的运行永远不会是最佳。屏幕上的运行不受影响。</translation>
    </message>
    <message>
        <source>Final loss against the learning rate</source>
        <translation>最终损失与学习率的关系</translation>
    </message>
    <message>
        <source>final loss</source>
        <translation>最终损失</translation>
    </message>
    <message>
        <source>Tuning progress</source>
        <translation>调优进度</translation>
    </message>
    <message>
        <source>%v of %m runs</source>
        <translation>%v / %m 个运行</translation>
    </message>
    <message>
        <source>tuning…</source>
        <translation>正在调优…</translation>
    </message>
    <message>
        <source>Best learning rates</source>
        <translation>最佳学习率</translation>
    </message>
    <message>
        <source>Apply best lrs</source>
        <translation>应用最佳学习率</translation>
    </message>
    <message>
        <source>Start the race again with each run at its best lr</source>
        <translation>让每个运行以其最佳学习率重新开始竞赛</translation>
    </message>
    <message>
        <source>Cancel tuning</source>
        <translation>取消调优</translation>
    </message>
    <message>
        <source>Stop tuning and change nothing</source>
        <translation>停止调优，不做任何更改</translation>
    </message>
    <message>
        <source>Close and change nothing</source>
        <translation>关闭，不做任何更改</translation>
    </message>
    <message>
        <source>final loss (log scale)</source>
        <translation>最终损失（对数刻度）</translation>
    </message>
    <message>
        <source>%1: no lr of the grid finished without diverging</source>
        <translation>%1：网格中没有哪个 lr 能不发散地完成</translation>
    </message>
    <message>
        <source>; %1 of %2 lrs diverged</source>
        <translation>；%2 个 lr 中有 %1 个发散</translation>
    </message>
    <message>
        <source>%1: best lr %2 (final loss %3)%4</source>
        <translation>%1：最佳 lr %2（最终损失 %3）%4</translation>
    </message>
    <message>
        <source>Stopped before the grid was done.</source>
        <translation>在网格完成之前停止了。</translation>
    </message>
    <message>
        <source>recording written to</source>
        <extracomment>How long the &quot;written to&quot; message and its Open folder button stay, in milliseconds.</extracomment>
        <translation>录制已写入</translation>
    </message>
    <message>
        <source>%1 %2 (%3 frames, %4x%5)</source>
        <translation>%1 %2（%3 帧，%4x%5）</translation>
    </message>
    <message>
        <source>recording cancelled; nothing was written</source>
        <translation>录制已取消；没有写入任何文件</translation>
    </message>
    <message>
        <source>recording refused: %1</source>
        <translation>录制被拒绝：%1</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Record a&amp;nimation…</source>
        <translation>录制动画(&amp;N)…</translation>
    </message>
    <message>
        <source>Record the runs from epoch 0 to an MP4, a GIF or PNG frames</source>
        <translation>把从第 0 轮开始的运行录制为 MP4、GIF 或 PNG 帧</translation>
    </message>
    <message>
        <source>Record animation</source>
        <extracomment>The recorder&apos;s field names (``ConfigError.field``) -&gt; this dialog&apos;s fields.</extracomment>
        <translation>录制动画</translation>
    </message>
    <message>
        <source>custom…</source>
        <extracomment>The size presets offered; the last entry lets the user type any WIDTHxHEIGHT.</extracomment>
        <translation>自定义…</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4);;GIF animation (*.gif);;PNG frames in a folder (*)</source>
        <extracomment>The default epochs per frame keep a clip at about this many frames (plus the start).</extracomment>
        <translation>MP4 视频 (*.mp4);;GIF 动画 (*.gif);;文件夹中的 PNG 帧 (*)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Where to write: FILE.mp4 (H.264 video), FILE.gif (an animation that loops), or a folder ending in / for numbered PNG frames (frame_00000.png...).</source>
        <translation>写到哪里：FILE.mp4（H.264 视频）、FILE.gif（循环播放的动画），或以 / 结尾的文件夹，用于编号的 PNG 帧（frame_00000.png...）。</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Record from the start (epoch 0) to this epoch. The recording steps fresh runs with the window&apos;s settings; the window&apos;s own run is left as it is.</source>
        <translation>从开头（第 0 轮次）录制到这一轮次。录制会用窗口的设置重新运行；窗口自己的运行保持不变。</translation>
    </message>
    <message>
        <source>Epochs between two frames: frame k shows epoch k × this. The default keeps the clip to about %1 frames.</source>
        <translation>两帧之间的轮次数：第 k 帧显示第 k × 此值 轮次。默认值让影片保持在约 %1 帧。</translation>
    </message>
    <message>
        <source>Epochs per frame</source>
        <translation>每帧轮次数</translation>
    </message>
    <message>
        <source> frames/s</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <source>Frames per second when the clip plays (a GIF plays at most 50).</source>
        <translation>影片播放时每秒的帧数（GIF 最多 50）。</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>WIDTHxHEIGHT</source>
        <translation>宽x高</translation>
    </message>
    <message>
        <source>The frame size in pixels. Choose custom… to type any WIDTHxHEIGHT from 320x180 to 3840x3840; an MP4 needs even sides.</source>
        <translation>帧的像素尺寸。选择“自定义…”可输入 320x180 到 3840x3840 之间的任意 宽x高；MP4 需要偶数边长。</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>录制</translation>
    </message>
    <message>
        <source>Record to</source>
        <translation>录制到</translation>
    </message>
    <message>
        <source>optiviz scenarios (*.toml);;All files (*)</source>
        <extracomment>The ready-made scenarios shipped with optiviz (File → Examples).</extracomment>
        <translation>optiviz 场景 (*.toml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Run code from files?</source>
        <translation>要运行文件中的代码吗？</translation>
    </message>
    <message>
        <source>This scenario runs optimizers written in Python:
%1

Loading them runs their code. Run it?</source>
        <translation>这个场景会运行用 Python 编写的优化器：
%1

载入它们就会运行它们的代码。要运行吗？</translation>
    </message>
    <message>
        <source>cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <source>Discard the current runs?</source>
        <translation>放弃当前的运行吗？</translation>
    </message>
    <message>
        <source>The %1 run(s) on screen have unsaved changes. Opening another scenario replaces them.</source>
        <translation>屏幕上的 %1 个运行有未保存的更改。打开另一个场景会替换它们。</translation>
    </message>
    <message>
        <source>Save scenario</source>
        <translation>保存场景</translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>the last session was not restored (%1)</source>
        <translation>未能恢复上次会话（%1）</translation>
    </message>
    <message>
        <source>&amp;Open scenario…</source>
        <translation>打开场景(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a scenario file: problem, data, runs and view</source>
        <translation>打开场景文件：问题、数据、运行和视图</translation>
    </message>
    <message>
        <source>&amp;Save scenario</source>
        <translation>保存场景(&amp;S)</translation>
    </message>
    <message>
        <source>Save the runs and view as a scenario file</source>
        <translation>把运行和视图保存为场景文件</translation>
    </message>
    <message>
        <source>Save scenario &amp;as…</source>
        <translation>场景另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the runs and view as a new scenario file</source>
        <translation>把运行和视图保存为新的场景文件</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>E&amp;xamples</source>
        <translation>示例(&amp;X)</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>diverged at epoch %1</source>
        <translation>在第 %1 轮次发散</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>run %1 %2</source>
        <translation>运行 %1 %2</translation>
    </message>
    <message>
        <source> (raw x: slope %1, intercept %2)</source>
        <translation>（原始 x：斜率 %1，截距 %2）</translation>
    </message>
    <message>
        <source>loss %1 (epoch %2)</source>
        <translation>损失 %1（第 %2 轮次）</translation>
    </message>
    <message>
        <source>loss -</source>
        <translation>损失 -</translation>
    </message>
    <message>
        <source>loss %1</source>
        <translation>损失 %1</translation>
    </message>
    <message>
        <source>batch loss %1</source>
        <translation>批损失 %1</translation>
    </message>
    <message>
        <source> · epoch loss %1</source>
        <translation> · 轮次损失 %1</translation>
    </message>
    <message>
        <source>epoch %1/%2</source>
        <translation>轮次 %1/%2</translation>
    </message>
    <message>
        <source>epoch %1/%2 · step %3/%4</source>
        <translation>轮次 %1/%2 · 步 %3/%4</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>步 %1</translation>
    </message>
    <message>
        <source> (timeline; latest %1)</source>
        <translation>（时间轴；最新 %1）</translation>
    </message>
    <message>
        <source> · %1 runs (numbers of run %2)</source>
        <translation> · %1 个运行（显示运行 %2 的数值）</translation>
    </message>
    <message>
        <source>PyTorch code</source>
        <translation>PyTorch 代码</translation>
    </message>
    <message>
        <source>%1. It imports torch alone and prints the same Epoch lines as optiviz run.</source>
        <translation>%1。它只导入 torch，并输出与 optiviz run 相同的 Epoch 行。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Save as .py…</source>
        <translation>另存为 .py…</translation>
    </message>
    <message>
        <source>Save as .py</source>
        <translation>另存为 .py</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Python script (*.py)</source>
        <translation>Python 脚本 (*.py)</translation>
    </message>
    <message>
        <source>epochs %1–%2</source>
        <translation>第 %1–%2 轮次</translation>
    </message>
    <message>
        <source>went back to epoch %1: %2 was discarded</source>
        <translation>回到了第 %1 轮次：%2 已被丢弃</translation>
    </message>
    <message>
        <source>went back to epoch %1: %2 were discarded</source>
        <translation>回到了第 %1 轮次：%2 已被丢弃</translation>
    </message>
    <message>
        <source>Vectors: </source>
        <translation>向量：</translation>
    </message>
    <message>
        <source>The run whose phases and vectors are shown.</source>
        <translation>显示其阶段和向量的运行。</translation>
    </message>
    <message>
        <source>Run shown step by step</source>
        <translation>逐步显示的运行</translation>
    </message>
    <message>
        <source> The run is finished: raise the epochs or press Reset (R) to train again.</source>
        <extracomment>The lesson layout: every line of the code shows, the numbers get the rest.</extracomment>
        <translation> 运行已完成：增加轮次，或按重置 (R) 重新训练。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Epoch %1 done.&lt;/b&gt;%2</source>
        <translation>&lt;b&gt;第 %1 轮完成。&lt;/b&gt;%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Epoch %1 done.&lt;/b&gt; Next phase: &lt;b&gt;%2&lt;/b&gt; of epoch %3.</source>
        <translation>&lt;b&gt;第 %1 轮完成。&lt;/b&gt;下一阶段：第 %3 轮的 &lt;b&gt;%2&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>&lt;p&gt;Step phase (Shift+→) runs the training loop one line at a time: forward, loss, zero_grad, backward, %1step. Step (→) does a whole epoch.&lt;/p&gt;</source>
        <translation>&lt;p&gt;单步阶段 (Shift+→) 一次执行训练循环的一行：forward、loss、zero_grad、backward、%1step。单步 (→) 执行完整的一轮次。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Epoch %1: the run diverged.&lt;/b&gt;</source>
        <translation>&lt;b&gt;第 %1 轮次：运行发散了。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Epoch %1: step&lt;/b&gt; done.%2</source>
        <translation>&lt;b&gt;第 %1 轮次：step&lt;/b&gt; 完成。%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Epoch %1: step&lt;/b&gt; done. Next phase: &lt;b&gt;forward&lt;/b&gt; of epoch %2.</source>
        <translation>&lt;b&gt;第 %1 轮次：step&lt;/b&gt; 完成。下一阶段：第 %2 轮次的 &lt;b&gt;forward&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>Epoch %1</source>
        <translation>第 %1 轮次</translation>
    </message>
    <message>
        <source>Epoch %1, step %2</source>
        <translation>第 %1 轮次，第 %2 步</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1: %2&lt;/b&gt; done. Next phase: &lt;b&gt;%3&lt;/b&gt;.</source>
        <translation>&lt;b&gt;%1：%2&lt;/b&gt; 完成。下一阶段：&lt;b&gt;%3&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Epoch %1&lt;/b&gt; of %2, from the timeline.</source>
        <translation>&lt;b&gt;第 %1 轮&lt;/b&gt;，共 %2 轮，来自时间轴。</translation>
    </message>
    <message>
        <source>&lt;p&gt;Play, Step or Step phase continue the run from epoch %1; %2 will be discarded. Latest (on the timeline) shows the last epoch again.&lt;/p&gt;</source>
        <translation>&lt;p&gt;播放、单步或单步阶段会从第 %1 轮次继续运行；%2 将被丢弃。（时间轴上的）最新 会再次显示最后一轮次。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Show as PyTorch code</source>
        <translation>显示为 PyTorch 代码</translation>
    </message>
    <message>
        <source>the tutorial&apos;s linear fit</source>
        <translation>教程中的线性拟合</translation>
    </message>
    <message>
        <source>a linear fit of your data</source>
        <translation>你的数据的线性拟合</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2上的 %1</translation>
    </message>
    <message>
        <source> vs </source>
        <translation> 对比 </translation>
    </message>
    <message>
        <source>epoch %1 in progress · next phase: %2 (Shift+→)</source>
        <translation>第 %1 轮进行中 · 下一阶段：%2（Shift+→）</translation>
    </message>
    <message>
        <source>- (no epoch yet)</source>
        <translation>-（还没有轮次）</translation>
    </message>
    <message>
        <source>run %1: %2</source>
        <extracomment>Narrower windows put the code panel in a tab beside the controls instead of on the right. The step panel never takes more than this share of the window&apos;s width from the panes.</extracomment>
        <translation>运行 %1：%2</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>导出历史</translation>
    </message>
    <message>
        <source>Which run?</source>
        <translation>哪一个运行？</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Could not export: %1</source>
        <translation>无法导出：%1</translation>
    </message>
    <message>
        <source>history written to %1</source>
        <translation>历史已写入 %1</translation>
    </message>
    <message>
        <source>Step &amp;phase</source>
        <translation>单步阶段(&amp;P)</translation>
    </message>
    <message>
        <source>One phase of the epoch: forward, loss, zero_grad, backward, step</source>
        <translation>轮次中的一个阶段：forward、loss、zero_grad、backward、step</translation>
    </message>
    <message>
        <source>&amp;Back one epoch</source>
        <translation>后退一个轮次(&amp;B)</translation>
    </message>
    <message>
        <source>Show the previous epoch (paused)</source>
        <translation>显示上一个轮次（暂停时）</translation>
    </message>
    <message>
        <source>Show as PyTorch &amp;code…</source>
        <translation>显示为 PyTorch 代码(&amp;C)…</translation>
    </message>
    <message>
        <source>This run as a plain PyTorch script</source>
        <translation>把该运行写成普通的 PyTorch 脚本</translation>
    </message>
    <message>
        <source>&amp;Export history…</source>
        <translation>导出历史(&amp;E)…</translation>
    </message>
    <message>
        <source>Write every epoch to a CSV or JSON file, as optiviz run --history does</source>
        <translation>把每个轮次写入 CSV 或 JSON 文件，与 optiviz run --history 相同</translation>
    </message>
    <message>
        <source>Draw %1 at the current point of the surface (when the optimizer has it)</source>
        <translation>在曲面的当前点绘制%1（当优化器有该量时）</translation>
    </message>
    <message>
        <source>Step by step</source>
        <translation>逐步</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间轴</translation>
    </message>
    <message>
        <source>&amp;Vectors on the surface</source>
        <translation>曲面上的向量(&amp;V)</translation>
    </message>
    <message>
        <source>Tutorial output</source>
        <extracomment>The output panel&apos;s width: &quot;Epoch 1000, Loss 39.538235&quot; and a margin. Narrower windows put the output under the panes, where it takes this height. The step-by-step panel never takes more than this share of the window&apos;s width.</extracomment>
        <translation>教程输出</translation>
    </message>
    <message>
        <source>&amp;Lesson layout</source>
        <translation>课堂布局(&amp;L)</translation>
    </message>
    <message>
        <source>The code, the phase&apos;s numbers and the panes side by side</source>
        <translation>代码、当前阶段的数值和窗格并排显示</translation>
    </message>
    <message>
        <source>optimizer.zero_grad()</source>
        <extracomment>The phase that follows each one (the loss stop only exists for problems with data).</extracomment>
        <translation>optimizer.zero_grad()</translation>
    </message>
    <message>
        <source>skipped: params.grad carries over</source>
        <translation>已跳过：params.grad 保留到下一步</translation>
    </message>
    <message>
        <source>params.grad before</source>
        <translation>之前的 params.grad</translation>
    </message>
    <message>
        <source>  (torch sets it to None, not to zeros)</source>
        <translation>  （torch 把它设为 None，而不是零）</translation>
    </message>
    <message>
        <source>params.grad after</source>
        <translation>之后的 params.grad</translation>
    </message>
    <message>
        <source>this step&apos;s gradient</source>
        <translation>本步的梯度</translation>
    </message>
    <message>
        <source>params.grad (accumulated)</source>
        <translation>params.grad（累积）</translation>
    </message>
    <message>
        <source>params before</source>
        <translation>之前的 params</translation>
    </message>
    <message>
        <source>Δ = after − before</source>
        <translation>Δ = 之后 − 之前</translation>
    </message>
    <message>
        <source>params after</source>
        <translation>之后的 params</translation>
    </message>
    <message>
        <source>closure() calls</source>
        <translation>closure() 调用次数</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Δ on the plane</source>
        <translation>平面上的 Δ</translation>
    </message>
    <message>
        <source>lr of the next epoch</source>
        <translation>下一轮次的 lr</translation>
    </message>
    <message>
        <source>∇ on the plane</source>
        <translation>平面上的 ∇</translation>
    </message>
    <message>
        <source>model(x) runs the %1 parameter tensors on the points; loss_fn gives %2.</source>
        <translation>model(x) 用 %1 个参数张量计算各点的输出；loss_fn 得到 %2。</translation>
    </message>
    <message>
        <source>optimizer.zero_grad() is skipped: every layer keeps its ‖∇‖, and backward() adds to it.</source>
        <translation>跳过了 optimizer.zero_grad()：每一层保留其 ‖∇‖，backward() 会在其上累加。</translation>
    </message>
    <message>
        <source>optimizer.zero_grad() clears every layer&apos;s gradient (torch sets .grad to None).</source>
        <translation>optimizer.zero_grad() 清除每一层的梯度（torch 把 .grad 设为 None）。</translation>
    </message>
    <message>
        <source>loss.backward() adds this step&apos;s gradient to each layer&apos;s .grad: ‖∇‖ grows to %1.</source>
        <translation>loss.backward() 把这一步的梯度加到每一层的 .grad 上：‖∇‖ 增长到 %1。</translation>
    </message>
    <message>
        <source>loss.backward() fills each layer&apos;s .grad; the whole gradient&apos;s norm is %1.</source>
        <translation>loss.backward() 填入每一层的 .grad；整个梯度的范数为 %1。</translation>
    </message>
    <message>
        <source>Clipping scales the gradients: their norm goes from %1 to %2.</source>
        <translation>裁剪缩放梯度：其范数从 %1 变为 %2。</translation>
    </message>
    <message>
        <source>optimizer.step() moves every layer&apos;s parameters (lr = %1); ‖θ‖ changes.</source>
        <translation>optimizer.step() 更新每一层的参数（lr = %1）；‖θ‖ 随之改变。</translation>
    </message>
    <message>
        <source>The plane was refit since the last phase: its vectors do not compare.</source>
        <translation>自上一阶段以来平面已重新拟合：其向量无法与之前的比较。</translation>
    </message>
    <message>
        <source>One epoch back, while paused (←).</source>
        <translation>后退一个轮次（暂停时，←）。</translation>
    </message>
    <message>
        <source>Latest</source>
        <translation>最新</translation>
    </message>
    <message>
        <source>Show the latest epoch again.</source>
        <translation>再次显示最新的轮次。</translation>
    </message>
    <message>
        <source>Scrub through the recorded epochs; every pane shows the chosen one. Play or Step from here continues the run from this epoch, optimizer state included.</source>
        <translation>拖动浏览已记录的轮次；每个窗格都显示所选轮次。从这里播放或单步，运行将从该轮次继续，包括优化器状态。</translation>
    </message>
    <message>
        <source>epoch </source>
        <translation>轮次 </translation>
    </message>
    <message>
        <source>Epoch shown</source>
        <translation>显示的轮次</translation>
    </message>
    <message>
        <source>Epoch shown slider</source>
        <translation>显示轮次的滑块</translation>
    </message>
    <message>
        <source>One epoch back</source>
        <translation>后退一个轮次</translation>
    </message>
    <message>
        <source>Latest epoch</source>
        <translation>最新轮次</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>epoch</source>
        <extracomment>Values at or below zero are drawn here on a log axis (a loss that reached exactly 0). Room around the data, as a share of the view&apos;s span. The legend keeps this many pixels from the view&apos;s edges. Past this many shown runs the legend is a summary: the first entries and &quot;+ n more runs&quot;. The runs a summary names before its &quot;+ n more runs&quot;. A summary covers at most this share of the view&apos;s height (and of its width). Mini-batch runs: the per-epoch curve&apos;s width, the per-step curve&apos;s width and opacity.</extracomment>
        <translation>轮次</translation>
    </message>
    <message>
        <source>One %1 back, while paused (←).</source>
        <translation>后退一个%1（暂停时，←）。</translation>
    </message>
    <message>
        <source>Show the latest %1 again.</source>
        <translation>再次显示最新的%1。</translation>
    </message>
    <message>
        <source>Scrub through the recorded %1s; every pane shows the chosen one. Play or Step from here continues the run from this %2, optimizer state included.</source>
        <translation>拖动浏览已记录的%1；每个窗格都显示所选的那一个。从这里播放或单步，运行将从该%2继续，包括优化器状态。</translation>
    </message>
    <message>
        <source>arrows</source>
        <extracomment>Fraction of the domain&apos;s shorter side that the longer step-size half-axis spans. Pixels between the scale note and the view&apos;s corner, and between nudged labels. What the scale note calls each group of arrows.</extracomment>
        <translation>箭头</translation>
    </message>
    <message>
        <source>Negative gradient −∇L</source>
        <translation>负梯度 −∇L</translation>
    </message>
    <message>
        <source>Update Δ</source>
        <translation>更新量 Δ</translation>
    </message>
    <message>
        <source>Momentum buffer</source>
        <translation>动量缓冲</translation>
    </message>
    <message>
        <source>First moment m (Adam)</source>
        <translation>一阶矩 m (Adam)</translation>
    </message>
    <message>
        <source>step size</source>
        <translation>步长</translation>
    </message>
    <message>
        <source>Effective step size per coordinate</source>
        <translation>每个坐标的有效步长</translation>
    </message>
    <message>
        <source>step size
%1: %2
%3: %4</source>
        <translation>步长
%1：%2
%3：%4</translation>
    </message>
    <message>
        <source>&lt;i&gt;Click the title to open the glossary here (Help → Glossary).&lt;/i&gt;</source>
        <extracomment>The glossary entry (its anchor) that explains each pane, by the pane&apos;s class name.</extracomment>
        <translation>&lt;i&gt;点击标题可在此处打开术语表（帮助 → 术语表）。&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Loss surface</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>The loss at every pair of parameter values: the first parameter across, the second up. The thin lines are contours (equal loss); ★ marks a minimum, × a saddle, ○ the start (drag it, or click the surface). Each run leaves its path in its own colour and a dot at the shown epoch; an arrow on the edge points to a run that left the view. In the teaching mode the eigen-axes λ₁ and λ₂ cross at the minimum (their ratio is κ, the condition number) and the arrow Δ is the last update: the parameters after the step minus before.</source>
        <translation>每对参数值处的损失：横向为第一个参数，纵向为第二个参数。细线是等高线（损失相等）；★ 标记最小值，× 标记鞍点，○ 标记起点（可拖动，或点击曲面）。每次运行以自己的颜色留下路径，并在所显示的轮次处画一个点；边缘上的箭头指向离开视野的运行。在教学模式下，特征轴 λ₁ 和 λ₂ 在最小值处相交（二者之比为条件数 κ），箭头 Δ 是上一次更新：更新后的参数减去更新前的参数。</translation>
    </message>
    <message>
        <source>Colour scale</source>
        <translation>颜色刻度</translation>
    </message>
    <message>
        <source>log₁₀(loss − min): the loss above the lowest value on the grid, in powers of ten. One unit of colour is ten times more loss, so a deep narrow valley and the wide plateau around it both stay readable. A problem whose loss can be negative (a saddle) or that ripples around a level is coloured by the loss itself; the bar&apos;s label says which.</source>
        <translation>log₁₀(损失 − 最小值)：损失高出网格最低值的量，以十的幂表示。颜色每变化一个单位，损失就是十倍，因此又深又窄的山谷和周围宽阔的平台都能清晰可读。损失可能为负（鞍点）或在某一水平附近起伏的问题，直接按损失本身着色；颜色条的标签会说明是哪一种。</translation>
    </message>
    <message>
        <source>Loss per epoch</source>
        <translation>每轮次损失</translation>
    </message>
    <message>
        <source>Each run&apos;s loss, one point per step, against the epochs. On problems drawn in log₁₀ colours the loss axis is logarithmic: each labelled decade is ten times the one below, and a straight falling line means the loss shrinks by the same factor every step. A curve that stops with a triangle at the top diverged. With mini-batches a step&apos;s loss is its batch&apos;s, noisier than the epoch&apos;s mean.</source>
        <translation>每次运行的损失随轮次的变化，每步一个点。在按 log₁₀ 着色的问题上，损失轴是对数刻度：每个标注的数量级是下一个的十倍，一条笔直下降的线表示损失每步按相同比例缩小。顶部以三角形结束的曲线表示已发散。使用小批量时，一步的损失是其所在批的损失，比轮次平均值噪声更大。</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>One entry per shown run, in its colour: the name you gave it, or its optimizer and settings. “— diverged at epoch N”: the loss became infinite or NaN there (lower the lr and press R).</source>
        <translation>每个显示的运行一项，颜色与其一致：你给它起的名字，或其优化器与设置。“— diverged at epoch N”：损失在该处变成无穷大或 NaN（请降低学习率 lr 并按 R）。</translation>
    </message>
    <message>
        <source>Data and fitted line</source>
        <translation>数据与拟合直线</translation>
    </message>
    <message>
        <source>The data points and each run&apos;s line y = w·x + b with the parameters of the shown epoch, in the data&apos;s raw units. The least-squares line (the ★ on the surface) is the best any optimizer can reach.</source>
        <translation>数据点以及每次运行在所显示轮次的参数下的直线 y = w·x + b，使用数据的原始单位。最小二乘直线（曲面上的 ★）是任何优化器所能达到的最好结果。</translation>
    </message>
    <message>
        <source>Parameters per epoch</source>
        <translation>每轮次参数</translation>
    </message>
    <message>
        <source>Each run&apos;s two parameters against the epochs (solid and dashed) and, dotted, its distance to the nearest minimum: the curve to watch fall to zero.</source>
        <translation>每次运行的两个参数随轮次的变化（实线和虚线），以及用点线表示的到最近最小值的距离：这条曲线应当降到零。</translation>
    </message>
    <message>
        <source>Which line style is which parameter, and the distance to the nearest minimum.</source>
        <translation>哪种线型对应哪个参数，以及到最近最小值的距离。</translation>
    </message>
    <message>
        <source>Learning rate per epoch</source>
        <translation>每轮次学习率</translation>
    </message>
    <message>
        <source>The lr each epoch used, as the scheduler set it, on a log axis: the lr the optimizer multiplies its update by. Shown when some run has a scheduler.</source>
        <translation>每个轮次使用的 lr（由调度器设定），采用对数轴：优化器用这个 lr 乘以其更新量。当某个运行使用调度器时显示。</translation>
    </message>
    <message>
        <source>Decision regions and boundary</source>
        <extracomment>What each view of the network pane shows (:mod:`optiviz.plots.network_pane`).
----------
Of the data&apos;s span, on each side.</extracomment>
        <translation>决策区域与边界</translation>
    </message>
    <message>
        <source>Each place of the two features coloured by the class the network finds most probable there, fading into the background where it is unsure (a coin toss). The line is the decision boundary, where the most probable class changes. Filled points trained the network; hollow ones are held out, never trained on. A ring marks a point the network gets wrong.</source>
        <translation>两个特征构成的每个位置按网络认为最可能的类别着色，网络不确定（像抛硬币）的地方渐隐为背景。线条是决策边界，即最可能的类别发生变化之处。实心点用于训练网络；空心点是留出的数据，从未参与训练。圆环标出网络判断错误的点。</translation>
    </message>
    <message>
        <source>Data and fitted curve</source>
        <translation>数据与拟合曲线</translation>
    </message>
    <message>
        <source>The network&apos;s prediction for every value of the feature, with the data: filled points trained it, hollow ones are held out, never trained on.</source>
        <translation>网络对特征每个取值的预测，以及数据：实心点用于训练，空心点是留出的数据，从未参与训练。</translation>
    </message>
    <message>
        <source>Held-out samples</source>
        <translation>留出样本</translation>
    </message>
    <message>
        <source>Images the network never trained on, with the label it predicts under each: green when right; red when wrong, followed by the true label (7 ≠ 1).</source>
        <translation>网络从未训练过的图像，每张下方是它预测的标签：正确时为绿色；错误时为红色，后面跟着真实标签（7 ≠ 1）。</translation>
    </message>
    <message>
        <source>Predicted against true</source>
        <translation>预测值对真实值</translation>
    </message>
    <message>
        <source>Each point&apos;s prediction against its true value: a perfect network puts every point on the dashed diagonal. Filled points trained it, hollow ones are held out.</source>
        <translation>每个点的预测值对其真实值：完美的网络会把每个点放在虚线对角线上。实心点用于训练，空心点是留出的数据。</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>The held-out points counted by true class (down) and predicted class (across): the diagonal, in green, is right; every other cell, in red, a kind of mistake.</source>
        <translation>按真实类别（纵向）和预测类别（横向）统计的留出数据点：绿色的对角线是正确的；其他每个红色单元格是一种错误。</translation>
    </message>
    <message>
        <source>Data and fitted line %1 = w·%2 + b</source>
        <extracomment>At most this many points are drawn: a scatter of a million costs seconds a frame, and a random 10,000 of them show the same cloud. Past :data:`MANY_RUNS` runs the lines (or tracks) are this one item instead; ``batched`` holds the runs it draws, keyed by run (lines) or run and track.</extracomment>
        <translation>数据与拟合直线 %1 = w·%2 + b</translation>
    </message>
    <message>
        <source> · %1 of %2 drawn</source>
        <translation> · 绘制了 %2 个中的 %1 个</translation>
    </message>
    <message>
        <source>%1 of the %2 points are drawn, chosen at random (the smallest and largest x and y among them); the fit uses all of them</source>
        <translation>%2 个数据点中绘制了随机选取的 %1 个（其中包括 x 和 y 的最小值与最大值）；拟合使用全部数据点</translation>
    </message>
    <message>
        <source>%1 (raw units)</source>
        <translation>%1（原始单位）</translation>
    </message>
    <message>
        <source>%1, %2 and distance to the nearest minimum</source>
        <translation>%1、%2 及到最近最小值的距离</translation>
    </message>
    <message>
        <source>%1 and %2 per epoch</source>
        <translation>每轮次的 %1 和 %2</translation>
    </message>
    <message>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>accumulated .grad</source>
        <extracomment>The longer arrow spans this share of the view (measured in the view&apos;s own proportions). Colours: the gradient the optimizer used, and the whole data&apos;s (or the true) gradient.</extracomment>
        <translation>累积的 .grad</translation>
    </message>
    <message>
        <source>own gradient</source>
        <translation>本步自身的梯度</translation>
    </message>
    <message>
        <source>noisy gradient</source>
        <translation>带噪声的梯度</translation>
    </message>
    <message>
        <source>true gradient</source>
        <translation>真实梯度</translation>
    </message>
    <message>
        <source>batch gradient</source>
        <translation>批梯度</translation>
    </message>
    <message>
        <source>full-data gradient</source>
        <translation>全数据梯度</translation>
    </message>
    <message>
        <source>The angle between the %1 and the %2.
Arrows: minus the %1 (the step&apos;s direction) and minus the %2, from the point where the shown step computed them.
The longer arrow spans %3 of the view; both share its scale, so their lengths keep their ratio.</source>
        <translation>%1与%2之间的夹角。
箭头：负的%1（该步的方向）和负的%2，起点是所示步骤计算它们的位置。
较长的箭头占视图的 %3；两者使用同一比例，因此长度保持原有比值。</translation>
    </message>
    <message>
        <source>angle: %1°</source>
        <extracomment>The run drawn, its step (1-based) and the angle; None when nothing is shown.</extracomment>
        <translation>角度：%1°</translation>
    </message>
    <message>
        <source>start</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Loss: each batch thin, each epoch bold</source>
        <extracomment>The title while a run steps several times an epoch: which curve is which.</extracomment>
        <translation>损失：细线为每个批，粗线为每个轮次</translation>
    </message>
    <message>
        <source>Thin: the loss of each mini-batch, before its step, at the step&apos;s place in epochs.
Bold: each epoch&apos;s loss, the mean of its batches&apos; losses.</source>
        <translation>细线：每个小批量在其更新步之前的损失，画在该步所处的轮次位置。
粗线：每个轮次的损失，即其各批损失的平均值。</translation>
    </message>
    <message>
        <source>accuracy on the training %1 % (dashed)</source>
        <translation>训练集 %1 % 上的准确率（虚线）</translation>
    </message>
    <message>
        <source>accuracy on the held-out %1 % (dotted)</source>
        <translation>留出的 %1 % 上的准确率（点线）</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率 (%)</translation>
    </message>
    <message>
        <source>%1; %2: the share of points whose most probable class is their own</source>
        <translation>%1；%2：最可能类别与自身类别相同的点所占的比例</translation>
    </message>
    <message>
        <source>Data and fitted curve of %1</source>
        <translation>%1 的数据与拟合曲线</translation>
    </message>
    <message>
        <source>Held-out samples and predicted labels (%1)</source>
        <translation>留出样本与预测标签（%1）</translation>
    </message>
    <message>
        <source>Predicted against true %1</source>
        <translation>预测值对真实 %1</translation>
    </message>
    <message>
        <source>Confusion on the held-out %1</source>
        <translation>留出的 %1 上的混淆矩阵</translation>
    </message>
    <message>
        <source>true %1</source>
        <translation>真实 %1</translation>
    </message>
    <message>
        <source>predicted %1</source>
        <translation>预测 %1</translation>
    </message>
    <message>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>The Hessian&apos;s eigenvalues are λ₁ = %1 and λ₂ = %2; their ratio is the condition number κ. Gradient descent multiplies the distance to the minimum along each eigen-axis by (1 − lr·λ) per step, so it converges only while lr &lt; 2/λ_max (2(1 + β)/λ_max with momentum β). A negative λ (a saddle) leaves no stable lr: along its axis every step moves further away.</source>
        <translation>Hessian 矩阵的特征值为 λ₁ = %1 和 λ₂ = %2；它们之比就是条件数 κ。梯度下降每一步把沿每条特征轴到最小值的距离乘以 (1 − lr·λ)，所以只有当 lr &lt; 2/λ_max（动量为 β 时为 2(1 + β)/λ_max）时才收敛。负的 λ（鞍点）没有稳定的 lr：沿它的轴，每一步都离得更远。</translation>
    </message>
    <message>
        <source>%1: plain SGD diverges at every lr</source>
        <translation>%1：普通 SGD 在任何 lr 下都发散</translation>
    </message>
    <message>
        <source>⚠ %1: SGD diverges at every lr (no stable range)</source>
        <translation>⚠ %1：SGD 在任何 lr 下都发散（没有稳定范围）</translation>
    </message>
    <message>
        <source>plain SGD would need lr &lt; %1</source>
        <translation>普通 SGD 需要 lr &lt; %1</translation>
    </message>
    <message>
        <source>⚠ lr %1 &gt; %2 = %3: SGD diverges</source>
        <translation>⚠ lr %1 &gt; %2 = %3：SGD 发散</translation>
    </message>
    <message>
        <source>SGD is stable for lr &lt; %1 = %2</source>
        <translation>lr &lt; %1 = %2 时 SGD 稳定</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <extracomment>Background of the lines the current phase executes.
----------
The titles&apos; size at scale 1. Pixels a scaled title leaves free across the pane. What a pane needs at least (pixels) beside a dock that would squeeze it (the 3-D view). Room a pane&apos;s title needs besides its own text: the left axis and the margins. A log axis shows at least this many labelled ticks (two in a tiny pane). Draw a light grid at the ticks (a :class:`TickGrid`, not pyqtgraph&apos;s costly one). Pixels on the view&apos;s right that the pane&apos;s own items take (a colour bar).</extracomment>
        <translation>第 %1 轮次</translation>
    </message>
    <message>
        <source>epoch %1, step %2</source>
        <translation>第 %1 轮次，第 %2 步</translation>
    </message>
    <message>
        <source> — diverged at %1</source>
        <translation> — 在%1发散</translation>
    </message>
    <message>
        <source> — diverged</source>
        <translation> — 已发散</translation>
    </message>
    <message>
        <source>diverged at step %1 (epoch %2)</source>
        <translation>在第 %1 步发散（第 %2 轮次）</translation>
    </message>
    <message>
        <source> (finished)</source>
        <translation>（已完成）</translation>
    </message>
    <message>
        <source>epoch %1 / %2, step %3</source>
        <translation>轮次 %1 / %2，步 %3</translation>
    </message>
    <message>
        <source>epoch %1 / %2</source>
        <translation>轮次 %1 / %2</translation>
    </message>
    <message>
        <source>added gradient noise σ=%1</source>
        <translation>附加梯度噪声 σ=%1</translation>
    </message>
    <message>
        <source>Data: double-click (or Ctrl+click) to add a point · drag a point to move it · right-click or Shift+click a point (or select it and press Delete) to remove it</source>
        <translation>数据：双击（或 Ctrl+单击）添加数据点 · 拖动数据点来移动它 · 右键单击或 Shift+单击数据点（或选中后按 Delete）删除它</translation>
    </message>
    <message>
        <source>Reached: this problem has no known minimum.</source>
        <translation>到达：这个问题没有已知的最小值。</translation>
    </message>
    <message>
        <source>Reached: the first epoch with loss ≤ %1 (minimum %2).</source>
        <translation>到达：损失首次 ≤ %1 的轮次（最小值 %2）。</translation>
    </message>
    <message>
        <source>the worker process could not start (%1); running inline</source>
        <extracomment>Seconds an inline session may step inside one :meth:`WorkerClient.poll`. Seconds :meth:`WorkerClient.close` waits for the worker to quit before terminating it. Unexpected worker deaths tolerated before falling back to an inline session. Seconds one :meth:`WorkerClient.poll` may spend folding updates (the rest wait a frame). Seconds a restarted worker may spend replaying the runs back to the mirror&apos;s epochs.</extracomment>
        <translation>工作进程无法启动（%1）；改为在窗口内运行</translation>
    </message>
    <message>
        <source>stopped by your command</source>
        <translation>因你的命令而停止</translation>
    </message>
    <message>
        <source>the replay took over %1 s</source>
        <translation>重放用时超过 %1 秒</translation>
    </message>
    <message>
        <source>%1; resuming your runs: epoch %2 of %3</source>
        <translation>%1；正在恢复你的运行：第 %2 轮次，共 %3</translation>
    </message>
    <message>
        <source>%1; resumed at epoch %2</source>
        <translation>%1；已在第 %2 轮次恢复</translation>
    </message>
    <message>
        <source>%1; the runs were edited along the way and do not replay exactly: restarted from epoch 0</source>
        <translation>%1；运行在途中被编辑过，无法精确重放：已从第 0 轮次重新开始</translation>
    </message>
    <message>
        <source>%1; resumed at epoch %2 of %3 (%4)</source>
        <translation>%1；已在第 %2 轮次恢复，共 %3（%4）</translation>
    </message>
    <message>
        <source>the worker stopped again</source>
        <translation>工作进程再次停止</translation>
    </message>
    <message>
        <source>%1; restart failed: %2</source>
        <translation>%1；重启失败：%2</translation>
    </message>
    <message>
        <source>the worker process stopped unexpectedly (exit code %1)</source>
        <translation>工作进程意外停止（退出码 %1）</translation>
    </message>
    <message>
        <source>%1; restarted with your settings from epoch 0</source>
        <translation>%1；已用你的设置从第 0 轮次重新开始</translation>
    </message>
    <message>
        <source>the worker process kept stopping (exit code %1); running inline, slower</source>
        <translation>工作进程一再停止（退出码 %1）；改为在窗口内运行，速度较慢</translation>
    </message>
    <message>
        <source>+ %1 more runs</source>
        <extracomment>Mini-batch runs: the thin per-step curve under the bold per-epoch one (``curves``). Past :data:`MANY_RUNS` runs the dots are one item (``dots`` stays empty). Past :data:`MANY_RUNS` runs the curves are drawn by these two items; ``curves`` then holds items off the plot that give the legend its samples. Where a curve leaves the top of the view (a diverged run), a triangle on the edge.</extracomment>
        <translation>+ 另外 %1 个运行</translation>
    </message>
    <message>
        <source>Network</source>
        <extracomment>The spec&apos;s fields and this group&apos;s field ids (&quot;network&quot; itself is blamed on the data set).</extracomment>
        <translation>网络</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>The points the network learns, generated with the data seed (digits: the 1,797 8x8 images scikit-learn ships).
Changing it starts the runs again.</source>
        <translation>网络要学习的数据点，由数据种子生成（digits：scikit-learn 自带的 1,797 张 8x8 图像）。
修改后重新开始运行。</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>none: logistic or linear regression</source>
        <translation>无：逻辑回归或线性回归</translation>
    </message>
    <message>
        <source>hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>The widths of the hidden layers, separated by commas, such as 8,8; empty for none (logistic or linear regression).
Changing it starts the runs again.</source>
        <translation>各隐藏层的宽度，用逗号分隔，例如 8,8；留空表示没有隐藏层（逻辑回归或线性回归）。
修改后重新开始运行。</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>The non-linearity after each hidden layer (torch.nn.Tanh, ReLU, Sigmoid, GELU).
Changing it starts the runs again.</source>
        <translation>每个隐藏层之后的非线性函数（torch.nn.Tanh、ReLU、Sigmoid、GELU）。
修改后重新开始运行。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>mlp: nn.Sequential(Linear, activation, ..., Linear). cnn: a small convolutional network, for the 8x8 digits only.
Changing it starts the runs again.</source>
        <translation>mlp：nn.Sequential(Linear, 激活函数, ..., Linear)。cnn：小型卷积网络，仅用于 8x8 手写数字。
修改后重新开始运行。</translation>
    </message>
    <message>
        <source>Held-out fraction</source>
        <translation>留出比例</translation>
    </message>
    <message>
        <source>test fraction</source>
        <translation>测试比例</translation>
    </message>
    <message>
        <source>The share of the points held out to measure accuracy on (0 to %1), chosen with the data seed; the network never trains on them.
Changing it starts the runs again.</source>
        <translation>留出用于衡量准确率的数据点比例（0 到 %1），由数据种子选出；网络从不在这些点上训练。
修改后重新开始运行。</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>数据点数</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>How many points a generated data set has (%1 to %2).
Changing it starts the runs again.</source>
        <translation>生成的数据集有多少个数据点（%1 到 %2）。
修改后重新开始运行。</translation>
    </message>
    <message>
        <source>Data seed</source>
        <translation>数据种子</translation>
    </message>
    <message>
        <source>data seed</source>
        <translation>数据种子</translation>
    </message>
    <message>
        <source>Seeds the generated points and the held-out split; the run&apos;s own seed sets the initial weights and the batches.
Changing it starts the runs again.</source>
        <translation>决定生成的数据点和留出划分；运行自己的种子决定初始权重和批次。
修改后重新开始运行。</translation>
    </message>
    <message>
        <source>Landscape plane</source>
        <translation>损失地形平面</translation>
    </message>
    <message>
        <source>The plane through the weights the loss surface shows. pca: the top two principal directions of the paths so far (Li et al. 2018), fitted again as they grow; random: two filter-normalised random directions.
A view setting: the runs go on.</source>
        <translation>损失曲面所显示的穿过权重的平面。pca：目前路径的前两个主方向（Li 等，2018），随路径增长重新拟合；random：两个经滤波器归一化的随机方向。
只是视图设置：运行继续进行。</translation>
    </message>
    <message>
        <source>plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <source>The CNN reads 8x8 images: choose the digits first.</source>
        <translation>CNN 读取 8x8 图像：请先选择 digits 数据集。</translation>
    </message>
    <message>
        <source>Loss along the &amp;line from the start</source>
        <translation>从起点出发的直线上的损失(&amp;L)</translation>
    </message>
    <message>
        <source>A network&apos;s loss along the straight line from its initial weights to the first run&apos;s current ones (Goodfellow et al. 2015), over the loss surface</source>
        <translation>网络沿着从初始权重到第一个运行当前权重的直线上的损失（Goodfellow 等，2015），显示在损失曲面上</translation>
    </message>
    <message>
        <source>Predict-then-reveal places guesses on a 2-parameter loss surface; a network&apos;s surface is a plane through its weights that moves as the path grows.</source>
        <extracomment>The actions&apos; object names, and why each cannot work on a network yet.</extracomment>
        <translation>先预测后揭晓需要在双参数损失曲面上放置猜测；网络的曲面是穿过其权重的平面，会随路径增长而移动。</translation>
    </message>
    <message>
        <source>Loss on a pca plane (d₁ %1 %, d₂ %2 % of the path&apos;s variance)</source>
        <translation>pca 平面上的损失（d₁ 占路径方差的 %1 %，d₂ 占 %2 %）</translation>
    </message>
    <message>
        <source>Loss on a random plane (filter-normalised)</source>
        <translation>随机平面上的损失（滤波器归一化）</translation>
    </message>
    <message>
        <source>Loss along the line from the start</source>
        <extracomment>Of the surface view&apos;s width and height. Pixels between the inset and the view&apos;s corner. The smallest the inset is drawn, in pixels (width, height).</extracomment>
        <translation>从起点出发的直线上的损失</translation>
    </message>
    <message>
        <source>Loss on a plane through the weights: computing…</source>
        <extracomment>Paths are clamped to the domain grown by this many spans on each side before drawing. An out-of-view point is shown by an arrow this far (in half-spans) from the view&apos;s centre. Past :data:`MANY_RUNS` runs the paths and points are these two items (``paths`` and ``points`` stay empty); ``batched`` holds the runs they draw. A stochastic run&apos;s batch (or noisy) gradient beside the whole data&apos;s. A network session: the landscape shown (None: not computed yet) and the 1-D view.</extracomment>
        <translation>穿过权重的平面上的损失：计算中…</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <source>optiviz help</source>
        <translation>optiviz 帮助</translation>
    </message>
    <message>
        <source>Filter the glossary</source>
        <translation>筛选术语表</translation>
    </message>
    <message>
        <source>Filter: κ, clipping…</source>
        <translation>筛选：κ、裁剪…</translation>
    </message>
    <message>
        <source>Help topics</source>
        <translation>帮助主题</translation>
    </message>
    <message>
        <source>Help text</source>
        <translation>帮助文本</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>指南</translation>
    </message>
</context>
<context>
    <name>TeachingController</name>
    <message>
        <source>this step&apos;s gradient</source>
        <translation>本步的梯度</translation>
    </message>
    <message>
        <source>params.grad (accumulated)</source>
        <translation>params.grad（累积）</translation>
    </message>
</context>
<context>
    <name>TutorialOutput</name>
    <message>
        <source>Tutorial output</source>
        <extracomment>As ``optiviz run --print-every``&apos;s default.</extracomment>
        <translation>教程输出</translation>
    </message>
    <message>
        <source>Print a line every N epochs, as optiviz run --print-every N does.</source>
        <translation>每 N 个轮次输出一行，与 optiviz run --print-every N 相同。</translation>
    </message>
    <message>
        <source>Print every N epochs</source>
        <translation>每 N 个轮次输出一次</translation>
    </message>
    <message>
        <source>print every</source>
        <translation>输出间隔</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮次</translation>
    </message>
</context>
<context>
    <name>engine</name>
    <message>
        <source>model({0}, *params) computes the predictions y_p = w·x + b for the {1} points{2} with the current parameters {3} = {4}. Nothing is learned yet.</source>
        <translation>model({0}, *params) 用当前参数 {3} = {4} 计算 {1} 个数据点{2}的预测值 y_p = w·x + b。此时还没有学到任何东西。</translation>
    </message>
    <message>
        <source> of batch {0} of {1} (step {2}, epoch {3})</source>
        <translation>（第 {0}/{1} 批，第 {2} 步，第 {3} 轮）</translation>
    </message>
    <message>
        <source> For LBFGS these lines run inside closure(), which optimizer.step(closure) calls.</source>
        <translation> 对于 LBFGS，这几行代码在 closure() 中运行，由 optimizer.step(closure) 调用。</translation>
    </message>
    <message>
        <source>The loss is the function itself: {0}(*params) at {1} = {2} gives {3}.</source>
        <translation>损失就是函数本身：{0}(*params) 在 {1} = {2} 处的值为 {3}。</translation>
    </message>
    <message>
        <source>loss_fn averages the squared differences (y_p − y)² over the points: the loss is {0}. This one number is what backward() differentiates.</source>
        <translation>loss_fn 对所有数据点的差的平方 (y_p − y)² 求平均：损失为 {0}。backward() 求导的就是这一个数。</translation>
    </message>
    <message>
        <source>It clears params.grad; there is no gradient yet, so it stays None.</source>
        <translation>它清空 params.grad；目前还没有梯度，所以它仍为 None。</translation>
    </message>
    <message>
        <source>It clears the gradient the previous epoch left in params.grad {0}, so that backward() does not add to it.</source>
        <translation>它把上一轮次留在 params.grad 中的梯度 {0} 置零，使 backward() 不会在其上累加。</translation>
    </message>
    <message>
        <source>torch sets params.grad to None (set_to_none=True by default) instead of zeros.</source>
        <translation>torch 把 params.grad 设为 None（默认 set_to_none=True），而不是填零。</translation>
    </message>
    <message>
        <source>params.grad is now filled with zeros.</source>
        <translation>params.grad 现在已填充为零。</translation>
    </message>
    <message>
        <source>loss.backward() computes the gradient of the loss with respect to each parameter: ∂loss/∂{0} = {1}, ∂loss/∂{2} = {3}. It is stored in params.grad; the parameters have not moved yet.</source>
        <translation>loss.backward() 计算损失对每个参数的梯度：∂loss/∂{0} = {1}，∂loss/∂{2} = {3}。梯度存放在 params.grad 中；参数还没有移动。</translation>
    </message>
    <message>
        <source> Then Gaussian noise (σ = {0}, seeded) is added to it: added gradient noise, a stand-in for a batch&apos;s noise.</source>
        <translation> 然后给它加上高斯噪声（σ = {0}，已设种子）：即附加梯度噪声，代替批的噪声。</translation>
    </message>
    <message>
        <source>clip_grad_norm_ rescales params.grad when its length exceeds {0}: it was {1}, so it is scaled down to that length.</source>
        <translation>当 params.grad 的长度超过 {0} 时，clip_grad_norm_ 会对其重新缩放：它原为 {1}，因此被缩小到该长度。</translation>
    </message>
    <message>
        <source>clip_grad_norm_ rescales params.grad when its length exceeds {0}: it was {1}, so it is unchanged.</source>
        <translation>当 params.grad 的长度超过 {0} 时，clip_grad_norm_ 会对其重新缩放：它原为 {1}，因此保持不变。</translation>
    </message>
    <message>
        <source>clip_grad_value_ clamps each entry of params.grad to ±{0}.</source>
        <translation>clip_grad_value_ 把 params.grad 的每个分量限制在 ±{0} 以内。</translation>
    </message>
    <message>
        <source>Clipping bounds one step&apos;s size when a gradient spikes; the direction of a norm-clipped gradient is kept.</source>
        <translation>梯度突增时，裁剪限制一步的大小；按范数裁剪的梯度保持原方向。</translation>
    </message>
    <message>
        <source>The run stopped at epoch {0}: {1}.</source>
        <translation>运行在第 {0} 轮停止：{1}。</translation>
    </message>
    <message>
        <source>optimizer.step(closure) runs torch.optim.{0}: it called closure() {1} time(s), each a {2}forward, loss and backward at a trial point, to choose the step. params.grad now holds the last trial&apos;s gradient.</source>
        <translation>optimizer.step(closure) 运行 torch.optim.{0}：它调用了 closure() {1} 次，每次在一个试探点上做一次 {2}forward、loss 和 backward，以确定这一步。params.grad 现在保存的是最后一次试探的梯度。</translation>
    </message>
    <message>
        <source>optimizer.step() applies torch.optim.{0}&apos;s update, using params.grad and what it keeps in optimizer.state ({1}).</source>
        <translation>optimizer.step() 执行 torch.optim.{0} 的更新，使用 params.grad 以及它保存在 optimizer.state 中的量（{1}）。</translation>
    </message>
    <message>
        <source>optimizer.step() applies torch.optim.{0}&apos;s update using params.grad; it keeps no state between steps.</source>
        <translation>optimizer.step() 使用 params.grad 执行 torch.optim.{0} 的更新；它在各步之间不保存状态。</translation>
    </message>
    <message>
        <source>Δ = {0} with lr = {1}, so {2} goes from {3} to {4}.</source>
        <translation>在 lr = {1} 时 Δ = {0}，因此 {2} 从 {3} 变为 {4}。</translation>
    </message>
    <message>
        <source> Then the scheduler sets the lr of the next epoch: {0}.</source>
        <translation> 然后调度器设定下一轮次的学习率 lr：{0}。</translation>
    </message>
    <message>
        <source> (unchanged)</source>
        <translation>（不变）</translation>
    </message>
    <message>
        <source>optimizer.zero_grad() is skipped (forgotten).</source>
        <translation>optimizer.zero_grad() 被跳过（忘记了）。</translation>
    </message>
    <message>
        <source>params.grad is still None: no backward() has run yet, so nothing carries over.</source>
        <translation>params.grad 仍为 None：还没有运行过 backward()，所以没有东西被保留下来。</translation>
    </message>
    <message>
        <source>params.grad still holds {0}, the sum of every earlier gradient: it carries over, and backward() will add this step&apos;s gradient to it.</source>
        <translation>params.grad 仍保存着 {0}，即之前所有梯度之和：它被保留下来，backward() 会把本步的梯度加到它上面。</translation>
    </message>
    <message>
        <source>loss.backward() adds this step&apos;s gradient {0} to what params.grad held, so params.grad is now {1}, {2}× as long as this step&apos;s own. optimizer.step() uses the accumulated one: without zero_grad the gradient grows step by step.</source>
        <translation>loss.backward() 把本步的梯度 {0} 加到 params.grad 原有的值上，因此 params.grad 现在为 {1}，长度是本步梯度的 {2} 倍。optimizer.step() 使用的是累积后的梯度：没有 zero_grad，梯度会一步步变大。</translation>
    </message>
    <message>
        <source>Linear fit y = w·x + b (MSE)</source>
        <extracomment>Every problem title and formula of the library that has words in it, and the usual reasons a run diverges (a test keeps this list in step with ``PROBLEM_NAMES``); names of people and plain formulas are the same everywhere.</extracomment>
        <translation>线性拟合 y = w·x + b (MSE)</translation>
    </message>
    <message>
        <source>Saddle x² − y²</source>
        <translation>鞍面 x² − y²</translation>
    </message>
    <message>
        <source>Ill-conditioned quadratic (κ = 100, rotated 45°)</source>
        <translation>病态二次函数（κ = 100，旋转 45°）</translation>
    </message>
    <message>
        <source>0.5*(u**2 + 100*v**2), (u, v) = (x, y) rotated by 45°</source>
        <translation>0.5*(u**2 + 100*v**2)，(u, v) = (x, y) 旋转 45°</translation>
    </message>
    <message>
        <source>log₁₀(loss − min)</source>
        <translation>log₁₀(损失 − 最小值)</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>the loss is nan</source>
        <translation>损失为 nan</translation>
    </message>
    <message>
        <source>the loss is inf</source>
        <translation>损失为 inf</translation>
    </message>
    <message>
        <source>the parameters are no longer finite</source>
        <translation>参数不再是有限值</translation>
    </message>
</context>
</TS>
